// Clientful, storage only: device A makes the offline session (bench/workload.ts), then
// `push` = A's sync() (seal into envelopes, sign, encrypt, upload, marker) and `pull` = B's
// sync() (list markers, fetch, verify, decrypt, apply, persist). With security off both
// devices use the pass-through envelope crypto; everything else is the same code.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as A from '@automerge/automerge'
import type { ClientfulOptions, DocHandle, UserStorage } from 'clientful'
import { openNodeClient } from 'clientful/node'
import { countingStorage, emptyTally, requestsIn, tallySince } from './counting-storage.ts'
import { time, type RunResult, type Variant } from './harness.ts'
import { settle } from './settle.ts'
import { plainEnvelopes } from './plain-envelope-crypto.ts'
import type { StorageBackend } from './storage-backends.ts'
import { DOCS, docName, makeOfflineChanges, type Project } from './workload.ts'

export type Security = 'on' | 'off'

export function clientfulStorageSync(backend: StorageBackend, security: Security): Variant {
  return { name: `clientful ${backend.name}, security ${security}`, run: () => runOnce(backend, security) }
}

async function runOnce(backend: StorageBackend, security: Security): Promise<RunResult> {
  const root = await backend.freshRoot()
  const tally = emptyTally()
  const raw: UserStorage[] = []
  const openStorage = async (url: string): Promise<UserStorage> => {
    const storage = await root.open(url)
    raw.push(storage)
    return countingStorage(storage, tally)
  }
  // This suite prices the log: no automatic snapshots (the new-device suite measures those).
  const base = { openStorage, snapshotEvery: 0 }
  const options: Omit<ClientfulOptions, 'local' | 'keys'> = security === 'off' ? { ...base, envelopeCrypto: plainEnvelopes } : base
  const homes = [await mkdtemp(join(tmpdir(), 'clientful-bench-a-')), await mkdtemp(join(tmpdir(), 'clientful-bench-b-'))]
  const [alice, bob] = [await openNodeClient(homes[0]!, options), await openNodeClient(homes[1]!, options)]
  try {
    const wsA = await alice.createWorkspace({ name: 'Bench', storage: root.url })
    const wsB = await bob.join(await wsA.createInvite({ role: 'writer' }))
    // Both devices in step, then A goes offline for a while.
    await wsA.sync()
    await wsB.sync()

    const handles: DocHandle<Project>[] = []
    for (let d = 0; d < DOCS; d++) handles.push(await wsA.doc<Project>(docName(d)))
    await makeOfflineChanges((d, edit) => void handles[d]!.change(edit))
    await wsA.parts.docs.flush() // the edits are on A's disk before the clock starts, as after a real offline session

    settle()
    const start = { ...tally }
    const push = await time(() => wsA.sync())
    const afterPush = { ...tally }
    settle() // B is another machine: it does not wait for A's writes to reach the disk
    const pull = await time(() => wsB.sync())
    const pushed = tallySince(afterPush, start)
    const pulled = tallySince(tally, afterPush)

    // Not a performance assertion: a run that moved nothing would measure nothing.
    const report = pull.value.pulled
    if (report.rejected.length > 0 || report.changes !== push.value.pushed.changes) {
      throw new Error(`invalid run: pushed ${push.value.pushed.changes} changes, pulled ${report.changes}, rejected ${report.rejected.length}`)
    }
    for (let d = 0; d < DOCS; d++) {
      const there = await wsB.findDoc<Project>(docName(d))
      if (!there || A.getHeads(there.doc()).join() !== A.getHeads(handles[d]!.doc()).join()) throw new Error(`invalid run: ${docName(d)} differs on B`)
    }

    return {
      ms: { push: push.ms, pull: pull.ms, total: push.ms + pull.ms, 'push cpu': push.cpuMs, 'pull cpu': pull.cpuMs, 'total cpu': push.cpuMs + pull.cpuMs },
      counts: {
        changes: push.value.pushed.changes,
        envelopes: push.value.pushed.envelopes,
        'bytes stored': await bytesStored(raw[0]!, wsA.id),
        'push requests': requestsIn(pushed),
        'push bytes written': pushed.bytesWritten,
        'pull requests': requestsIn(pulled),
        'pull bytes read': pulled.bytesRead,
      },
    }
  } finally {
    await alice.close()
    await bob.close()
    for (const home of homes) await rm(home, { recursive: true, force: true })
    await root.dispose()
  }
}

/** Everything the workspace holds in storage (genesis, members, markers, logs). */
async function bytesStored(storage: UserStorage, workspaceId: string): Promise<number> {
  let total = 0
  for (const path of await storage.list(`${workspaceId}/`)) total += (await storage.read(path))?.length ?? 0
  return total
}
