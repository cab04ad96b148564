// toRepoHandle: a Clientful document with automerge-repo's DocHandle surface, for editor
// bindings. Its 'change' events carry the patches from the previous state, local and remote.

import { afterEach, describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { toRepoHandle, type RepoHandleChangePayload } from '../src/ecosystem/repo-handle.ts'
import { createTeam, type Team } from './support/workspace-pair.ts'

type Note = { text: string }

describe('toRepoHandle', () => {
  let team: Team | undefined
  afterEach(async () => {
    await team?.close()
    team = undefined
  })

  it('writes through the Clientful handle and reports local changes with their patches', async () => {
    team = await createTeam(['writer'])
    const handle = await team.workspaces[0]!.doc<Note>('note')
    const repo = toRepoHandle(handle)
    expect(toRepoHandle(handle)).toBe(repo)
    expect(repo.documentId).toBe(handle.id)
    expect(repo.isReady()).toBe(true)

    const seen: RepoHandleChangePayload<Note>[] = []
    const heads: string[][] = []
    repo.on('change', (payload) => seen.push(payload))
    repo.on('heads-changed', ({ doc }) => heads.push(A.getHeads(doc)))
    repo.change((d) => void (d.text = 'hello'))
    repo.change((d) => A.splice(d, ['text'], 5, 0, ' world'))

    expect(handle.doc().text).toBe('hello world')
    expect(seen).toHaveLength(2)
    expect(seen[1]!.patches).toEqual([{ action: 'splice', path: ['text', 5], value: ' world' }])
    expect(seen[1]!.patchInfo.before.text).toBe('hello')
    expect(seen[1]!.patchInfo.after.text).toBe('hello world')
    expect(seen[1]!.patchInfo.source).toBe('change')
    expect(heads.at(-1)).toEqual(repo.heads())
  })

  it('reports verified remote changes as patches from the state the listener last saw', async () => {
    team = await createTeam(['writer'])
    const [wsA, wsB] = team.workspaces as [NonNullable<Team['workspaces'][0]>, NonNullable<Team['workspaces'][0]>]
    const a = await wsA.doc<Note>('note')
    a.change((d) => void (d.text = 'The pump leaks.'))
    await wsA.sync()
    await wsB.sync()
    const repoB = toRepoHandle(await wsB.doc<Note>('note'))
    const seen: RepoHandleChangePayload<Note>[] = []
    repoB.on('change', (payload) => seen.push(payload))

    a.change((d) => A.splice(d, ['text'], 0, 0, 'Urgent: '))
    await wsA.sync()
    await wsB.sync()
    expect(repoB.doc().text).toBe('Urgent: The pump leaks.')
    const patches = seen.flatMap((s) => s.patches)
    expect(patches).toEqual([{ action: 'splice', path: ['text', 0], value: 'Urgent: ' }])
    expect(seen.at(-1)!.patchInfo.source).toBe('applyChanges')
  })

  it('stops listening to the document when its last listener leaves; once() fires once', async () => {
    team = await createTeam([])
    const repo = toRepoHandle(await team.workspaces[0]!.doc<Note>('note'))
    let calls = 0
    const listener = (): void => void calls++
    repo.on('change', listener)
    repo.change((d) => void (d.text = 'a'))
    repo.off('change', listener)
    repo.change((d) => void (d.text = 'b'))
    let onceCalls = 0
    repo.once('change', () => void onceCalls++)
    repo.change((d) => void (d.text = 'c'))
    repo.change((d) => void (d.text = 'd'))
    expect(calls).toBe(1)
    expect(onceCalls).toBe(1)
  })
})
