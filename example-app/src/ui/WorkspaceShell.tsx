// Around every page of the open workspace: its name, this device's role, the workspace
// switcher, the primary bucket's keys, the page nav, and notices about refusals and membership.

import type { WorkspaceConfig } from 'clientful'
import { useState } from 'react'
import type { PageName, Route } from '../routing/hash-route.ts'
import type { WorkspaceSession } from '../session/use-workspace-session.ts'
import { AppNav } from './AppNav.tsx'
import { Board } from './Board.tsx'
import { DevicesPage } from './DevicesPage.tsx'
import { IdentityPage } from './IdentityPage.tsx'
import { MembersPage } from './MembersPage.tsx'
import { MembershipNotice } from './MembershipNotice.tsx'
import { RefusalBanner } from './RefusalBanner.tsx'
import { RefusedPage } from './RefusedPage.tsx'
import { StoragePage } from './StoragePage.tsx'
import { StorageSettings } from './StorageSettings.tsx'
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx'

export interface WorkspaceShellProps {
  readonly session: WorkspaceSession
  readonly route: Route
  readonly workspaces: readonly WorkspaceConfig[]
  readonly onSwitch: (workspaceId: string) => void
}

export function WorkspaceShell({ session, route, workspaces, onSwitch }: WorkspaceShellProps) {
  const { workspace, role } = session
  const [storageOpen, setStorageOpen] = useState(false)
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
      <AppNav current={page} refusedCount={session.rejections.length} />
      <MembershipNotice role={role} />
      <RefusalBanner refusal={session.freshRefusal} />
      {storageOpen && isS3 && (
        <StorageSettings
          url={workspace.config.storage}
          onSaved={() => {
            setStorageOpen(false)
            void session.syncNow() // failures land in the status bar
          }}
        />
      )}
      {page === 'board' && <Board session={session} route={route} />}
      {page === 'members' && <MembersPage session={session} />}
      {page === 'devices' && <DevicesPage session={session} />}
      {page === 'storage' && <StoragePage session={session} />}
      {page === 'identity' && <IdentityPage />}
      {page === 'refused' && <RefusedPage session={session} />}
    </div>
  )
}

function pageOf(route: Route): PageName {
  switch (route.name) {
    case 'members':
    case 'devices':
    case 'storage':
    case 'identity':
    case 'refused':
      return route.name
    default:
      return 'board'
  }
}
