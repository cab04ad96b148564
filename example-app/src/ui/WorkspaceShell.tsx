// Around every page of the open workspace: its name, this device's role, the workspace
// switcher, the primary bucket's keys, the page nav, who else is here (presence), a prompt
// for this member's name until it has one, and notices about refusals and membership.

import type { WorkspaceConfig } from 'clientful'
import { ClientfulDevtools } from 'clientful/devtools'
import { useDocHandle, useMyRole, useRefused, useWorkspace } from 'clientful/react'
import { useLayoutEffect, useState } from 'react'
import { installDebugHook } from '../debug/debug-hook.ts'
import type { PageName, Route } from '../routing/hash-route.ts'
import { useSyncNow } from '../session/use-sync-now.ts'
import { TASKS_DOC, type TasksDoc } from '../tasks/task-model.ts'
import { AppNav } from './AppNav.tsx'
import { Board } from './Board.tsx'
import { DevicesPage } from './DevicesPage.tsx'
import { IdentityPage } from './IdentityPage.tsx'
import { MembersPage } from './MembersPage.tsx'
import { MembershipNotice } from './MembershipNotice.tsx'
import { NamePrompt } from './NamePrompt.tsx'
import { PresenceBar } from './PresenceBar.tsx'
import { RefusalBanner } from './RefusalBanner.tsx'
import { RefusedPage } from './RefusedPage.tsx'
import { StoragePage } from './StoragePage.tsx'
import { StorageSettings } from './StorageSettings.tsx'
import { TrashPage } from './TrashPage.tsx'
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx'

export interface WorkspaceShellProps {
  readonly route: Route
  readonly workspaces: readonly WorkspaceConfig[]
  readonly onSwitch: (workspaceId: string) => void
}

export function WorkspaceShell({ route, workspaces, onSwitch }: WorkspaceShellProps) {
  const workspace = useWorkspace()
  const role = useMyRole()
  const refused = useRefused()
  const syncNow = useSyncNow()
  const tasks = useDocHandle<TasksDoc>(TASKS_DOC)
  const [storageOpen, setStorageOpen] = useState(false)
  // In the commit that first shows the workspace, so a test that sees it finds the hook too.
  useLayoutEffect(() => (tasks.handle ? installDebugHook(workspace, tasks.handle) : undefined), [workspace, tasks.handle])
  if (!tasks.handle) return <main className="loading">Opening workspace…</main>

  const page = pageOf(route)
  const isS3 = workspace.config.storage.startsWith('s3://')
  return (
    <div className="shell">
      <header className="board-header">
        <h1 data-testid="workspace-name">{workspace.name}</h1>
        <span className="badge" data-testid="workspace-role">
          {role ?? 'removed'}
        </span>
        <WorkspaceSwitcher workspaces={workspaces} currentId={workspace.id} onSwitch={onSwitch} />
        {isS3 && (
          <button type="button" className="secondary" data-testid="storage-open" onClick={() => setStorageOpen((open) => !open)}>
            Bucket keys
          </button>
        )}
      </header>
      <AppNav current={page} refusedCount={refused.items?.length ?? 0} />
      <PresenceBar route={route} />
      <NamePrompt />
      <MembershipNotice role={role} />
      <RefusalBanner refusal={refused.latest} />
      {storageOpen && isS3 && (
        <StorageSettings
          url={workspace.config.storage}
          onSaved={() => {
            setStorageOpen(false)
            void syncNow() // failures land in the status bar
          }}
        />
      )}
      {page === 'board' && <Board route={route} />}
      {page === 'trash' && <TrashPage />}
      {page === 'members' && <MembersPage />}
      {page === 'devices' && <DevicesPage />}
      {page === 'storage' && <StoragePage />}
      {page === 'identity' && <IdentityPage />}
      {page === 'refused' && <RefusedPage items={refused.items ?? []} />}
      {page === 'devtools' && (
        <main className="page" data-testid="devtools-page">
          <h2>Devtools</h2>
          <ClientfulDevtools />
        </main>
      )}
    </div>
  )
}

function pageOf(route: Route): PageName {
  switch (route.name) {
    case 'trash':
    case 'members':
    case 'devices':
    case 'storage':
    case 'identity':
    case 'refused':
    case 'devtools':
      return route.name
    default:
      return 'board'
  }
}
