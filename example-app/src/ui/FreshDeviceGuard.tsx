import { routeHash } from '../routing/hash-route.ts'

/** Linking and restoring make this browser someone: only a browser with no workspaces can. */
export function FreshDeviceGuard({ fresh }: { readonly fresh: boolean }) {
  if (fresh) return null
  return (
    <p className="form-error" data-testid="not-fresh" role="alert">
      This browser already has workspaces, so it cannot become another device or be restored. Open the link in a new browser profile or a
      private window, or <a href={routeHash({ name: 'board' })}>go back to the board</a>.
    </p>
  )
}
