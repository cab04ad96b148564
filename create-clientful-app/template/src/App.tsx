// Which screen: join with an invite link (#/join/CODE), start a list when this device has
// none, else the newest list, live. #/devtools adds Clientful's read-only devtools panel.

import { ClientfulDevtools } from 'clientful/devtools'
import { useOpenWorkspace, useWorkspaces, WorkspaceProvider } from 'clientful/react'
import { useSyncExternalStore } from 'react'
import type { AppConfig } from './config.ts'
import { InvitePanel } from './InvitePanel.tsx'
import { JoinScreen } from './JoinScreen.tsx'
import { StartScreen } from './StartScreen.tsx'
import { SyncStatus } from './SyncStatus.tsx'
import { TodoList } from './TodoList.tsx'

export function App({ config }: { readonly config: AppConfig }) {
  const hash = useHash()
  const workspaces = useWorkspaces()
  const newest = workspaces?.at(-1)
  const opened = useOpenWorkspace(newest?.id)

  if (hash.startsWith('#/join/')) return <JoinScreen code={hash.slice('#/join/'.length)} />
  if (!workspaces) return <p>Loading…</p>
  if (!newest) return <StartScreen config={config} />
  if (opened.state === 'failed') return <p role="alert">Could not open the list: {String(opened.error)}</p>
  if (opened.state !== 'open') return <p>Opening…</p>
  return (
    <WorkspaceProvider workspace={opened.workspace}>
      <main>
        <h1 data-testid="list-name">{opened.workspace.name}</h1>
        <TodoList />
        <InvitePanel />
        {hash === '#/devtools' && <ClientfulDevtools />}
      </main>
      <SyncStatus />
    </WorkspaceProvider>
  )
}

function subscribeHash(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

function useHash(): string {
  return useSyncExternalStore(subscribeHash, () => location.hash)
}
