// Snapshots make new devices fast, and are verified like everything else.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { paths } from '../src/format/paths.ts'
import { compressBatch, encodeChangeBatch } from '../src/format/change-batch.ts'
import { sealSnapshot } from '../src/format/snapshot.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { createDevice, storageRegistry } from './support/devices.ts'

type Tasks = Record<string, number>

describe('snapshots', () => {
  let team: Team
  afterEach(() => team?.close())

  it('a new device starts from the newest snapshot and pulls only the log after it', async () => {
    team = await createTeam([])
    const [admin] = team.workspaces as [Workspace]
    const doc = await admin.doc<Tasks>('tasks')
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i++) doc.change((d) => void (d[`k${i}`] = round * 100 + i))
      await admin.sync()
    }
    await admin.publishSnapshot()
    doc.change((d) => void (d.after = 1))
    await admin.sync()

    const open = storageRegistry({ [team.url]: team.storage })
    const newcomer = await createDevice(open)
    try {
      const ws = await newcomer.client.join(await admin.createInvite())
      const report = await ws.sync()
      expect(report.pulled.envelopes).toBe(1) // only the envelope written after the snapshot
      expect(A.toJS((await ws.doc<Tasks>('tasks')).doc())).toEqual(A.toJS(doc.doc()))
    } finally {
      await newcomer.close()
    }
  })

  it("a snapshot holding changes by a device that is not in the workspace is refused, and the log is used instead", async () => {
    team = await createTeam(['writer'])
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    ;(await admin.doc<Tasks>('tasks')).change((d) => void (d.real = 1))
    await admin.sync()
    // The writer publishes a snapshot that smuggles in a change by an unknown actor.
    const docId = await writer.parts.keyring.namer.idForName('tasks')
    const forged = A.change(A.init<Tasks>({ actor: 'ab'.repeat(32) + '00000001' }), (d) => void (d.forged = 1))
    const keys = writer.currentKeys()
    const { lastSeq, tip } = admin.parts.outbox
    const bytes = await sealSnapshot(
      { ws: writer.id, device: writer.deviceId, epoch: keys.id, at: Date.now(), vector: { [admin.deviceId]: lastSeq }, tips: { [admin.deviceId]: tip } },
      await compressBatch(encodeChangeBatch([{ docId, changes: [A.save(forged)] }])),
      keys.content,
      writer.parts.deps.identity.signing.privateKey,
    )
    await team.storage.write(paths.snapshot(writer.id, writer.deviceId), bytes)

    const open = storageRegistry({ [team.url]: team.storage })
    const newcomer = await createDevice(open)
    try {
      const ws = await newcomer.client.join(await admin.createInvite())
      const report = await ws.sync()
      expect(report.rejected.some((r) => r.kind === 'snapshot' && r.reason === 'actor-mismatch')).toBe(true)
      expect(A.toJS((await ws.doc<Tasks>('tasks')).doc())).toEqual({ real: 1 })
    } finally {
      await newcomer.close()
    }
  })
})
