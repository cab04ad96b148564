// The membership as apps read it: a plain read-only view (no engine state) is enough for
// isCurrentDevice and for clientful/react's member summary.

import { describe, expect, it } from 'vitest'
import { isCurrentDevice, type MembershipView } from '../src/index.ts'
import { summarizeMembership } from '../src/react/use-membership.ts'

const device = (id: string, user: string, removed = false, kind?: 'recovery') => [id, { record: { id, user, ...(kind ? { kind } : {}) }, removed }] as const

const view: MembershipView = {
  members: new Map([
    ['ana', { userId: 'ana', role: 'admin', devices: new Set(['a1', 'a2', 'a-rec']), removed: false }],
    ['bob', { userId: 'bob', role: 'writer', devices: new Set(['b1']), removed: false }],
    ['eve', { userId: 'eve', role: 'writer', devices: new Set(['e1']), removed: true }],
  ]),
  devices: new Map([device('a1', 'ana'), device('a2', 'ana', true), device('a-rec', 'ana', false, 'recovery'), device('b1', 'bob'), device('e1', 'eve'), device('stray', 'bob')]),
  invites: new Map(),
}

describe('the membership view', () => {
  it('a device is current while it, its member and the member listing it are not removed', () => {
    expect(isCurrentDevice(view, 'a1')).toBe(true)
    expect(isCurrentDevice(view, 'a2')).toBe(false)
    expect(isCurrentDevice(view, 'e1')).toBe(false)
    expect(isCurrentDevice(view, 'stray')).toBe(false)
    expect(isCurrentDevice(view, 'unknown')).toBe(false)
  })

  it('summarises current members, admins first, with their current devices and recovery keys', () => {
    const summary = summarizeMembership(view, 'b1', 3, 'writer')
    expect(summary.members).toEqual([
      { userId: 'ana', role: 'admin', devices: ['a1'], hasRecoveryKey: true, isMe: false },
      { userId: 'bob', role: 'writer', devices: ['b1'], hasRecoveryKey: false, isMe: true },
    ])
    expect(summary.state).toBe(view)
    expect(summary.myRole).toBe('writer')
  })
})
