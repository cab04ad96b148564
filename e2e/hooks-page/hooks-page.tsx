// The page e2e/react-hooks.spec.ts drives: a tiny app on clientful/react. Each hook renders
// into an element whose data attributes the test reads (and counts its own renders), and a
// few buttons change things. Config (storage keys, relay) comes from ./config.json, as in an
// app made with create-clientful-app.

import { openBrowserClient } from 'clientful/browser'
import { isAttachmentRef, type AttachmentRef } from 'clientful'
import { openS3Url } from '@clientful/storage-s3'
import {
  ClientfulProvider,
  useAddAttachment,
  useAttachment,
  useDocument,
  useMembership,
  useOpenWorkspace,
  usePresence,
  useRefused,
  useStatus,
  useWorkspaces,
  WorkspaceProvider,
} from 'clientful/react'
import { useRef } from 'react'
import { createRoot } from 'react-dom/client'

interface Config {
  readonly storage: { readonly accessKeyId: string; readonly secretAccessKey: string }
}

/** Items are root keys ("item:…"): two devices adding offline must not each create a list. */
type List = Record<string, unknown> & { file?: AttachmentRef }

const itemsOf = (doc: List | undefined): string[] =>
  Object.keys(doc ?? {})
    .filter((key) => key.startsWith('item:'))
    .sort()
    .map((key) => String(doc![key]))

function useRenderCount(): number {
  const renders = useRef(0)
  renders.current++
  return renders.current
}

function App() {
  const workspaces = useWorkspaces()
  const id = workspaces?.[0]?.id
  const opened = useOpenWorkspace(id)
  return (
    <>
      <p data-testid="workspaces" data-count={workspaces?.length ?? -1} data-state={opened.state} />
      {opened.state === 'open' && (
        <WorkspaceProvider workspace={opened.workspace}>
          <ListView />
          <OtherDocView />
          <StatusView />
          <MembersView />
          <RefusedView />
          <PresenceView />
          <AttachmentView />
        </WorkspaceProvider>
      )}
    </>
  )
}

function ListView() {
  const [doc, change] = useDocument<List>('list')
  const renders = useRenderCount()
  const add = (): void =>
    change((d) => {
      d[`item:${Date.now().toString().padStart(15, '0')}-${Math.random().toString(36).slice(2, 8)}`] = `item ${itemsOf(d).length + 1}`
    })
  return (
    <section data-testid="list" data-loaded={doc !== undefined} data-items={JSON.stringify(itemsOf(doc))} data-renders={renders}>
      <button type="button" data-testid="add-item" onClick={add}>
        Add item
      </button>
    </section>
  )
}

/** Another document: it must not re-render when "list" changes. */
function OtherDocView() {
  const [doc, change] = useDocument<{ count?: number }>('other')
  const renders = useRenderCount()
  return (
    <section data-testid="other" data-count={doc?.count ?? 0} data-renders={renders}>
      <button type="button" data-testid="bump-other" onClick={() => change((d) => void (d.count = (d.count ?? 0) + 1))}>
        Bump
      </button>
    </section>
  )
}

function StatusView() {
  const status = useStatus()
  return (
    <section
      data-testid="status"
      data-online={status.online}
      data-relay={status.relay}
      data-pending={status.pendingChanges}
      data-uploaded={status.uploaded}
      data-last-sync={status.lastSyncAt ?? ''}
      data-storages={status.storages.map((s) => s.state).join(',')}
      data-problems={status.problems.length}
      data-error={status.error ?? ''}
    />
  )
}

function MembersView() {
  const { members, myRole } = useMembership()
  return <section data-testid="members" data-count={members.length} data-my-role={myRole ?? ''} data-roles={members.map((m) => `${m.role}${m.isMe ? '*' : ''}`).join(',')} />
}

function RefusedView() {
  const { items, latest } = useRefused()
  return <section data-testid="refused" data-count={items?.length ?? -1} data-latest={latest ? `${latest.kind}:${latest.reason}` : ''} />
}

function PresenceView() {
  return <section data-testid="presence" data-count={usePresence().length} />
}

function AttachmentView() {
  const [doc, change] = useDocument<List>('list')
  const add = useAddAttachment()
  const attach = async (): Promise<void> => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7) % 251)
    const ref = await add(bytes, { name: 'pattern.bin', type: 'application/octet-stream' })
    change((d) => void (d.file = { ...ref }))
  }
  const file = doc?.file
  return (
    <section data-testid="attachment">
      <button type="button" data-testid="attach" onClick={() => void attach()}>
        Attach
      </button>
      {file && isAttachmentRef(file) && <AttachmentState file={file} />}
    </section>
  )
}

function AttachmentState({ file }: { readonly file: AttachmentRef }) {
  const { state, load, download, upload, uploadPending } = useAttachment(file)
  return (
    <div
      data-testid="attachment-state"
      data-step={state.step}
      data-url={state.step === 'ready' ? state.url : ''}
      data-download={download ? `${download.done}/${download.total}` : ''}
      data-upload={upload ? `${upload.done}/${upload.total}` : ''}
      data-upload-pending={uploadPending}
    >
      <button type="button" data-testid="load-attachment" onClick={load}>
        Load
      </button>
    </div>
  )
}

async function start(): Promise<void> {
  const config = (await (await fetch('./config.json', { cache: 'no-store' })).json()) as Config
  const client = await openBrowserClient({ openStorage: async (url) => openS3Url(url, config.storage) })
  createRoot(document.getElementById('root')!).render(
    <ClientfulProvider client={client}>
      <App />
    </ClientfulProvider>,
  )
}

void start()
