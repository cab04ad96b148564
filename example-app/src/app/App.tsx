// The app shell: picks the screen from the hash route and the device's workspaces, keeps the
// open workspace's session, and always shows the status bar.

import type { WorkspaceConfig } from 'clientful'
import { useCallback, useEffect, useState } from 'react'
import { navigate } from '../routing/hash-route.ts'
import { useHashRoute } from '../routing/use-hash-route.ts'
import { describeError } from '../session/describe-error.ts'
import { useWorkspaceSession } from '../session/use-workspace-session.ts'
import { LinkDeviceScreen } from '../ui/LinkDeviceScreen.tsx'
import { RestoreScreen } from '../ui/RestoreScreen.tsx'
import { SetupScreen } from '../ui/SetupScreen.tsx'
import { StatusBar } from '../ui/StatusBar.tsx'
import { WorkspaceShell } from '../ui/WorkspaceShell.tsx'
import { pickCurrentWorkspace, rememberCurrentWorkspace } from './current-workspace.ts'
import { useServices } from './services.ts'

export function App({ startupProblem }: { readonly startupProblem?: string | undefined }) {
  const { client, storage } = useServices()
  const route = useHashRoute()
  const [workspaces, setWorkspaces] = useState<WorkspaceConfig[]>()
  const [currentId, setCurrentId] = useState<string>()
  const [appError, setAppError] = useState<string | undefined>(startupProblem)
  const session = useWorkspaceSession(client, currentId)

  const refresh = useCallback(
    async (select?: string) => {
      const list = await client.workspaces()
      setWorkspaces(list)
      setCurrentId(select ?? pickCurrentWorkspace(list))
    },
    [client],
  )
  useEffect(() => {
    refresh().catch((error: unknown) => setAppError(describeError(error)))
  }, [refresh])
  // A message about a form the user has left no longer helps.
  const routeKey = route.name === 'join' || route.name === 'link' ? `${route.name}/${route.code}` : route.name
  useEffect(() => setAppError((current) => (current === startupProblem ? current : undefined)), [routeKey, startupProblem])

  const ready = (id: string): void => {
    rememberCurrentWorkspace(id)
    setAppError(undefined)
    refresh(id).catch((error: unknown) => setAppError(describeError(error)))
    navigate({ name: 'board' })
  }
  const switchTo = (id: string): void => {
    rememberCurrentWorkspace(id)
    setCurrentId(id)
  }
  const backToBoard = workspaces && workspaces.length > 0 ? { onCancel: () => navigate({ name: 'board' }) } : {}

  let screen
  if (!workspaces) {
    screen = <main className="loading">Loading…</main>
  } else if (route.name === 'join') {
    screen = <SetupScreen joinCode={route.code} onReady={ready} onError={setAppError} {...backToBoard} />
  } else if (route.name === 'link') {
    screen = <LinkDeviceScreen key={route.code} code={route.code} fresh={workspaces.length === 0} onLinked={ready} onError={setAppError} />
  } else if (route.name === 'restore') {
    screen = <RestoreScreen fresh={workspaces.length === 0} onRestored={ready} onError={setAppError} />
  } else if (route.name === 'setup' || workspaces.length === 0) {
    screen = <SetupScreen onReady={ready} onError={setAppError} {...backToBoard} />
  } else if (session.state === 'open') {
    screen = <WorkspaceShell session={session} route={route} workspaces={workspaces} onSwitch={switchTo} />
  } else if (session.state === 'failed') {
    screen = (
      <main className="loading" data-testid="workspace-failed">
        Could not open this workspace: {session.error}
      </main>
    )
  } else {
    screen = <main className="loading">Opening workspace…</main>
  }

  const failureKind = session.state === 'open' ? storage.failureKind(session.workspace.config.storage) : undefined
  return (
    <div className="app">
      {screen}
      <StatusBar session={session} failureKind={failureKind} appError={appError} />
    </div>
  )
}
