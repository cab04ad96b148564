import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { createTeam, type Team } from './support/workspace-pair.ts'
import { boardV1, project, task } from './support/board-model.ts'
import { eraseAttachment, eraseDocument, eraseEntries, eraseMemberWrites, listErasures } from '../src/app-model/index.ts'
import type { Workspace } from '../src/workspace/workspace.ts'
import { blobPaths } from '../src/blobs/blob-manifest.ts'

const SECRET = 'Salary of the new hire'

function holds(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes).includes(Buffer.from(text))
}

describe('erasure, at the document level', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  async function boardWithSecret(roles: Parameters<typeof createTeam>[0] = ['writer']) {
    team = await createTeam(roles)
    const [admin, writer] = team.workspaces as [Workspace, Workspace]
    const board = await boardV1.open(admin)
    board.put('project:1', project('Hiring'))
    board.put('task:1', task(SECRET, 'project:1'))
    board.put('task:2', task('Book the room', 'project:1'))
    board.delete('task:2')
    await admin.sync()
    await writer.sync()
    return { admin, writer, board }
  }

  it('erasing entries moves what is kept to a successor with no history, and every device follows it', async () => {
    const { admin, writer } = await boardWithSecret()
    const openBefore = await boardV1.open(writer)
    expect(await eraseEntries(writer, 'board', ['task:1'])).toMatchObject({ ok: false, reason: 'forbidden' })
    const result = await eraseEntries(admin, 'board', ['task:1'])
    if (!result.ok) throw new Error(result.detail)
    const successor = result.request.successor!
    expect(successor.name).toMatch(/^board~[0-9a-f]{12}$/)
    await admin.sync()
    await writer.sync()

    // A document opened before the erasure turns read-only; opened again, it is the successor.
    expect(openBefore.access).toMatchObject({ writable: false, reason: 'erased' })
    expect(openBefore.read().entries.size).toBe(0)
    const onWriter = await boardV1.open(writer, 'board')
    expect(onWriter.name).toBe(successor.name)
    expect(onWriter.get('task:1')).toBeUndefined()
    expect(onWriter.get('project:1')).toEqual(project('Hiring'))
    expect(onWriter.read().trash.map((t) => t.entry)).toEqual(['task:2']) // still restorable
    expect(onWriter.restore('task:2')).toEqual({ ok: true })
    // The successor's whole history: one change by the admin's device, then the writer's restore.
    const history = A.getAllChanges(onWriter.handle.doc()).map((c) => A.decodeChange(c))
    expect(history[0]!.actor.startsWith(admin.deviceId)).toBe(true)
    expect(history[0]!.deps).toEqual([])
    expect(holds(A.save(onWriter.handle.doc()), SECRET)).toBe(false)
    // The erased document, history and all, is gone from the device.
    expect(await writer.findDoc('board')).toBeUndefined()
    expect(onWriter.audit()).toEqual([])
    expect(await listErasures(writer)).toEqual([expect.objectContaining({ kind: 'entries', name: 'board', successor, heads: result.request.heads })])
  })

  it('an erased document opens read-only and empty, and takes no edits', async () => {
    const { admin, writer, board } = await boardWithSecret()
    expect(await eraseDocument(admin, 'board')).toMatchObject({ ok: true, request: { kind: 'document', successor: null } })
    expect(await eraseDocument(admin, 'board')).toMatchObject({ ok: false, reason: 'erased' })
    await admin.sync()
    await writer.sync()
    const onWriter = await boardV1.open(writer)
    expect(onWriter.access).toMatchObject({ writable: false, reason: 'erased' })
    expect(onWriter.read().entries.size).toBe(0)
    expect(onWriter.put('task:3', task('x', 'project:1'))).toMatchObject({ ok: false, reason: 'erased' })
    // Gone from the device: not even a write around the checks reaches it.
    expect(() => onWriter.handle.change((d) => void (d['task:3'] = task('written around the checks', 'project:1')))).toThrow(/erased/)
    expect(board.access).toMatchObject({ writable: false, reason: 'erased' })
  })

  it('erasing an attachment removes every reference (and with it the key) and names the chunks to delete', async () => {
    team = await createTeam([])
    const [admin] = team.workspaces as [Workspace]
    const ref = await admin.attach('files', 'photo', new TextEncoder().encode('holiday photo'), { name: 'beach.jpg', type: 'image/jpeg' })
    ;(await admin.doc<Record<string, unknown>>('files')).change((d) => void (d['note'] = { text: 'see photo', copy: { ...ref } }))
    const result = await eraseAttachment(admin, 'files', ref.blob)
    if (!result.ok) throw new Error(result.detail)
    expect(result.request.blobs).toEqual([{ blob: ref.blob, device: admin.deviceId }])
    const kept = (await admin.findDoc<Record<string, unknown>>(result.request.successor!.name))!.doc()
    expect(A.toJS(kept)).toMatchObject({ note: { text: 'see photo' } })
    expect(JSON.stringify(A.toJS(kept))).not.toContain(ref.key)
    // The engine's part, at the next sync: its uploader deletes its files from storage, and its copy on the device.
    await admin.sync()
    expect(await team.storage.list(blobPaths.prefix(admin.id, ref.blob))).toEqual([])
    await expect(admin.attachments.bytes(ref)).rejects.toMatchObject({ reason: 'not-uploaded' })
  })

  it('erasing a removed member\'s writes keeps everyone else\'s', async () => {
    const { admin, writer } = await boardWithSecret(['writer', 'writer'])
    const onWriter = await boardV1.open(writer)
    onWriter.put('task:9', task('Written by the member who leaves', 'project:1'))
    await writer.sync()
    await admin.sync()
    const member = writer.membership.devices.get(writer.deviceId)!.record.user
    await admin.removeMember(member)
    const result = await eraseMemberWrites(admin, 'board', member)
    if (!result.ok) throw new Error(result.detail)
    const kept = await boardV1.open(admin)
    expect(kept.get('task:9')).toBeUndefined()
    expect(kept.get('project:1')).toEqual(project('Hiring'))
    expect(kept.read().entries.has('task:1')).toBe(true)
  })
})
