import type { WorkspaceConfig } from 'clientful'
import { routeHash } from '../routing/hash-route.ts'

export interface WorkspaceSwitcherProps {
  readonly workspaces: readonly WorkspaceConfig[]
  readonly currentId: string
  readonly onSwitch: (workspaceId: string) => void
}

export function WorkspaceSwitcher({ workspaces, currentId, onSwitch }: WorkspaceSwitcherProps) {
  return (
    <span className="switcher">
      {workspaces.length > 1 && (
        <select aria-label="Workspace" data-testid="workspace-switch" value={currentId} onChange={(e) => onSwitch(e.target.value)}>
          {workspaces.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      )}
      <a href={routeHash({ name: 'setup' })} data-testid="workspace-add">
        + workspace
      </a>
    </span>
  )
}
