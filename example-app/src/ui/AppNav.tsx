import { routeHash, type PageName } from '../routing/hash-route.ts'

const PAGES: readonly { readonly page: PageName; readonly label: string }[] = [
  { page: 'board', label: 'Board' },
  { page: 'trash', label: 'Trash' },
  { page: 'members', label: 'Members' },
  { page: 'devices', label: 'Devices' },
  { page: 'storage', label: 'Storage' },
  { page: 'identity', label: 'Identity' },
  { page: 'refused', label: 'Refused' },
]

/** The open workspace's pages; Refused carries a count badge. */
export function AppNav({ current, refusedCount }: { readonly current: PageName; readonly refusedCount: number }) {
  return (
    <nav className="app-nav" aria-label="Pages">
      {PAGES.map(({ page, label }) => (
        <a key={page} href={routeHash({ name: page })} data-testid={`nav-${page}`} aria-current={page === current ? 'page' : undefined}>
          {label}
          {page === 'refused' && refusedCount > 0 && (
            <span className="count-badge" data-testid="nav-refused-count">
              {refusedCount}
            </span>
          )}
        </a>
      ))}
    </nav>
  )
}
