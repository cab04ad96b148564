// The app shell: picks the screen from the hash route and the device's workspaces, keeps the
// open workspace live (clientful/react's useOpenWorkspace), and always shows the status bar.

import { useOpenWorkspace, useWorkspaces, WorkspaceProvider } from 'clientful/react'
import { useEffect, useState } from 'react'
import { navigate } from '../routing/hash-route.ts'
import { useHashRoute } from '../routing/use-hash-route.ts'
import { describeError } from '../session/describe-error.ts'
import { ConfigNotice } from '../ui/ConfigNotice.tsx'
import { JoinScreen } from '../ui/JoinScreen.tsx'
import { LinkDeviceScreen } from '../ui/LinkDeviceScreen.tsx'
import { RestoreScreen } from '../ui/RestoreScreen.tsx'
import { SetupScreen } from '../ui/SetupScreen.tsx'
import { StatusBar } from '../ui/StatusBar.tsx'
import { UpdateBanner } from '../ui/UpdateBanner.tsx'
import { WorkspaceShell } from '../ui/WorkspaceShell.tsx'
import { pickCurrentWorkspace, rememberCurrentWorkspace } from './current-workspace.ts'

const openWebSocket = (url: string): WebSocket => new WebSocket(url)
const LIVE = { live: { connect: openWebSocket } } as const

export function App({ startupProblem }: { readonly startupProblem?: string | undefined }) {
  const route = useHashRoute()
  const workspaces = useWorkspaces()
  const [chosenId, setChosenId] = useState<string>()
  const [appError, setAppError] = useState<string | undefined>(startupProblem)
  const currentId = chosenId ?? (workspaces && pickCurrentWorkspace(workspaces))
  const opened = useOpenWorkspace(currentId, LIVE)

  // A message about a form the user has left no longer helps.
  const routeKey = route.name === 'join' || route.name === 'invite' || route.name === 'link' ? `${route.name}/${route.code}` : route.name
  useEffect(() => setAppError((current) => (current === startupProblem ? current : undefined)), [routeKey, startupProblem])

  const ready = (id: string): void => {
    rememberCurrentWorkspace(id)
    setAppError(undefined)
    setChosenId(id)
    navigate({ name: 'board' })
  }
  const switchTo = (id: string): void => {
    rememberCurrentWorkspace(id)
    setChosenId(id)
  }
  // The device's list follows an event; a workspace just created or joined counts at once.
  const hasWorkspace = (workspaces?.length ?? 0) > 0 || chosenId !== undefined
  const backToBoard = hasWorkspace ? { onCancel: () => navigate({ name: 'board' }) } : {}

  let screen
  if (!workspaces) {
    screen = <main className="loading">Loading…</main>
  } else if (route.name === 'join' || route.name === 'invite') {
    screen = <JoinScreen key={route.code} code={route.code} onJoined={ready} onError={setAppError} {...backToBoard} />
  } else if (route.name === 'link') {
    screen = <LinkDeviceScreen key={route.code} code={route.code} fresh={!hasWorkspace} onLinked={ready} onError={setAppError} />
  } else if (route.name === 'restore') {
    screen = <RestoreScreen fresh={!hasWorkspace} onRestored={ready} onError={setAppError} />
  } else if (route.name === 'setup' || !hasWorkspace) {
    screen = <SetupScreen onReady={ready} onError={setAppError} {...backToBoard} />
  } else if (opened.state === 'open') {
    screen = <WorkspaceShell route={route} workspaces={workspaces} onSwitch={switchTo} />
  } else if (opened.state === 'failed') {
    screen = (
      <main className="loading" data-testid="workspace-failed">
        Could not open this workspace: {describeError(opened.error)}
      </main>
    )
  } else {
    screen = <main className="loading">Opening workspace…</main>
  }

  const failed = opened.state === 'failed' ? describeError(opened.error) : undefined
  if (opened.state !== 'open') {
    return (
      <div className="app">
        <UpdateBanner />
        {!hasWorkspace && <ConfigNotice />}
        {screen}
        <StatusBar appError={appError ?? failed} />
      </div>
    )
  }
  return (
    <WorkspaceProvider workspace={opened.workspace}>
      <div className="app">
        <UpdateBanner />
        {screen}
        <StatusBar appError={appError} open />
      </div>
    </WorkspaceProvider>
  )
}
