// The write-window rules one step at a time: what a role change, a removal and an ack each do
// to the sequence numbers a device may write.

import { describe, expect, it } from 'vitest'
import { acknowledge, closeFrom, initialWindows, openFrom, windowAt, type WriteWindow } from '../src/membership/write-windows.ts'

const writable = (windows: readonly WriteWindow[], seqs: number[]): boolean[] => seqs.map((s) => windowAt(windows, s)?.write ?? false)

describe('write windows', () => {
  it('a removal cuts what was allowed; an ack re-admits the cut part up to its number, and no further', () => {
    const removed = closeFrom(initialWindows(true), 6)
    expect(writable(removed, [5, 6, 7])).toEqual([true, false, false])
    const acked = acknowledge(removed, 8)!
    expect(writable(acked, [6, 8, 9, 1e12])).toEqual([true, true, false, false])
    expect(writable(acknowledge(acked, 10)!, [10, 11])).toEqual([true, false])
    expect(acknowledge(acked, 7)).toBeUndefined() // nothing new below what was already re-admitted
  })

  it('a window closed from the start is never re-opened by an ack', () => {
    const reader = initialWindows(false)
    expect(acknowledge(reader, 1e12)).toBeUndefined()
    expect(acknowledge(closeFrom(reader, 3), 1e12)).toBeUndefined()
  })

  it('a demotion below an earlier promotion cuts what the promotion allowed, not what came before it', () => {
    const promoted = openFrom(initialWindows(false), 4) // a reader promoted after #3
    const demoted = closeFrom(promoted, 2) // demoted with a cutoff below that
    expect(writable(demoted, [1, 2, 3, 4, 9])).toEqual([false, false, false, false, false])
    const acked = acknowledge(demoted, 6)!
    expect(writable(acked, [2, 3, 4, 6, 7])).toEqual([false, false, true, true, false])
  })

  it('an ack re-opens every cut before its number: a demotion, then a removal', () => {
    const windows = closeFrom(openFrom(closeFrom(initialWindows(true), 4), 9), 12) // demoted after #3, promoted after #8, removed after #11
    expect(writable(windows, [3, 4, 8, 9, 11, 12])).toEqual([true, false, false, true, true, false])
    expect(writable(acknowledge(windows, 13)!, [4, 8, 12, 13, 14])).toEqual([true, true, true, true, false])
  })
})
