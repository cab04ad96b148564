// Clientful documents where the Automerge ecosystem expects automerge-repo's DocHandle: the
// ProseMirror and CodeMirror bindings (`@automerge/prosemirror`, `@automerge/automerge-codemirror`)
// read `doc()`, write with `change()` and listen to 'change' events that carry Automerge
// patches. A Clientful DocHandle has the first two; this adapter adds the patches (computed
// with A.diff between the heads before and after each change) and automerge-repo's method
// and event names. Changes still go through the Clientful handle: signed, sealed and synced.

import * as A from '@automerge/automerge'
import type { DocHandle } from '../docs/doc-handle.ts'
import type { Unsubscribe } from '../util/events.ts'

/** automerge-repo's 'change' payload. */
export interface RepoHandleChangePayload<T> {
  readonly handle: RepoHandle<T>
  readonly doc: A.Doc<T>
  readonly patches: A.Patch[]
  readonly patchInfo: A.PatchInfo<T>
}

/** automerge-repo's 'heads-changed' payload. */
export interface RepoHandleHeadsPayload<T> {
  readonly handle: RepoHandle<T>
  readonly doc: A.Doc<T>
}

/**
 * The document was rebuilt rather than changed (this device's edits that no peer would accept
 * were undone): there are no patches from the old state to the new one, so an editor bound to
 * the handle should start again from `doc`.
 */
export interface RepoHandleResetPayload<T> {
  readonly handle: RepoHandle<T>
  readonly doc: A.Doc<T>
}

export interface RepoHandleEvents<T> {
  change: RepoHandleChangePayload<T>
  'heads-changed': RepoHandleHeadsPayload<T>
  reset: RepoHandleResetPayload<T>
}

type Listener<T, K extends keyof RepoHandleEvents<T>> = (payload: RepoHandleEvents<T>[K]) => void

/** The part of automerge-repo's DocHandle that editor bindings use, over a Clientful document. */
export interface RepoHandle<T> {
  /** The Clientful document id. */
  readonly documentId: string
  /** `clientful:<id>`: not an automerge: URL, since no automerge-repo Repo can find it. */
  readonly url: string
  /** The Clientful handle underneath. */
  readonly handle: DocHandle<T>
  isReady(): boolean
  whenReady(): Promise<void>
  doc(): A.Doc<T>
  /** automerge-repo 1.x's name for doc(). */
  docSync(): A.Doc<T>
  heads(): A.Heads
  change(callback: A.ChangeFn<T>, options?: { readonly message?: string }): void
  on<K extends keyof RepoHandleEvents<T>>(event: K, listener: Listener<T, K>): RepoHandle<T>
  off<K extends keyof RepoHandleEvents<T>>(event: K, listener: Listener<T, K>): RepoHandle<T>
  once<K extends keyof RepoHandleEvents<T>>(event: K, listener: Listener<T, K>): RepoHandle<T>
  removeAllListeners(): RepoHandle<T>
}

const adapters = new WeakMap<DocHandle<any>, RepoHandle<any>>()

/** The automerge-repo-shaped view of a Clientful document (one per handle). */
export function toRepoHandle<T>(handle: DocHandle<T>): RepoHandle<T> {
  let adapter = adapters.get(handle) as RepoHandle<T> | undefined
  if (!adapter) {
    adapter = createRepoHandle(handle)
    adapters.set(handle, adapter)
  }
  return adapter
}

function createRepoHandle<T>(handle: DocHandle<T>): RepoHandle<T> {
  const listeners = new Map<keyof RepoHandleEvents<T>, Set<Listener<T, any>>>()
  let last = handle.doc()
  let unsubscribe: Unsubscribe | undefined

  const emit = <K extends keyof RepoHandleEvents<T>>(event: K, payload: RepoHandleEvents<T>[K]): void => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
  }
  const onChange = ({ doc, origin }: { doc: A.Doc<T>; origin: 'local' | 'remote' }): void => {
    const before = last
    last = doc
    let patches: A.Patch[]
    try {
      patches = A.diff(doc, A.getHeads(before), A.getHeads(doc))
    } catch {
      // The old heads are not in the new document: it was rebuilt, not changed.
      return emit('reset', { handle: adapter, doc })
    }
    emit('heads-changed', { handle: adapter, doc })
    emit('change', { handle: adapter, doc, patches, patchInfo: { before, after: doc, source: origin === 'local' ? 'change' : 'applyChanges' } })
  }
  // Listen to the Clientful handle only while someone listens here, so an adapter never leaks.
  const listening = (): void => {
    const any = [...listeners.values()].some((set) => set.size > 0)
    if (any && !unsubscribe) {
      last = handle.doc()
      unsubscribe = handle.on('change', onChange)
    } else if (!any && unsubscribe) {
      unsubscribe()
      unsubscribe = undefined
    }
  }

  const adapter: RepoHandle<T> = {
    documentId: handle.id,
    url: `clientful:${handle.id}`,
    handle,
    isReady: () => true,
    whenReady: async () => undefined,
    doc: () => handle.doc(),
    docSync: () => handle.doc(),
    heads: () => A.getHeads(handle.doc()),
    change(callback, options) {
      handle.change(callback, options?.message)
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener)
      listening()
      return adapter
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener)
      listening()
      return adapter
    },
    once(event, listener) {
      const wrapped: Listener<T, typeof event> = (payload) => {
        adapter.off(event, wrapped)
        listener(payload)
      }
      return adapter.on(event, wrapped)
    },
    removeAllListeners() {
      listeners.clear()
      listening()
      return adapter
    },
  }
  return adapter
}
