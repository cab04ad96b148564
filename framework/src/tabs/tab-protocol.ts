// The messages between the tabs of one browser profile (invariant 12: one engine per device).
// One tab holds the device's lock and runs the engine; every other tab talks to it over a
// channel (BroadcastChannel in the browser): calls and their replies, edits made in a tab and
// their acknowledgement once they are on the device's disk, and what the engine broadcasts —
// workspace events and document updates — so every tab shows every edit at once.

import type { Unsubscribe } from '../util/events.ts'

export type TabId = string

/** What a tab posts reaches every other tab of the profile, in the order it was posted. */
export interface TabChannel {
  post(message: TabMessage): void
  on(listener: (message: TabMessage) => void): Unsubscribe
  close(): void
}

/** Who runs the device's engine: exactly one tab at a time, for as long as it lives. */
export interface LeaderLock {
  /** True when this tab now holds the lock; false at once when another tab does. */
  tryAcquire(): Promise<boolean>
  /** Resolves when this tab holds the lock (after the holder closed or crashed). */
  acquire(): Promise<void>
  release(): void
}

export type CallTarget = 'client' | 'workspace' | 'attachments'

/** An error as it crosses to another tab (a class does not survive structured cloning). */
export interface WireError {
  readonly name: string
  readonly message: string
  readonly code?: string
  readonly kind?: string
  readonly location?: string
  readonly reason?: string
  readonly blob?: string
}

export type TabMessage =
  | { readonly t: 'hello'; readonly from: TabId }
  | { readonly t: 'leader'; readonly from: TabId; readonly deviceId: string; readonly userId: string }
  | {
      readonly t: 'call'
      readonly from: TabId
      readonly to: TabId
      readonly id: number
      readonly target: CallTarget
      readonly ws: string | undefined
      readonly method: string
      readonly args: readonly unknown[]
    }
  | { readonly t: 'reply'; readonly from: TabId; readonly to: TabId; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'reply'; readonly from: TabId; readonly to: TabId; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly t: 'ws-event'; readonly from: TabId; readonly ws: string; readonly event: string; readonly payload: unknown }
  | { readonly t: 'client-event'; readonly from: TabId; readonly event: string; readonly payload: unknown }
  /** New state of a document the engine holds (Automerge's saveSince bytes), for every tab. */
  | { readonly t: 'doc'; readonly from: TabId; readonly ws: string; readonly docId: string; readonly update: Uint8Array; readonly reset: boolean }
  /** Changes made in a tab, for the engine to keep, seal and share. */
  | { readonly t: 'edit'; readonly from: TabId; readonly to: TabId; readonly id: number; readonly ws: string; readonly docId: string; readonly changes: readonly Uint8Array[] }
  /** The engine has those changes on the device's disk. */
  | { readonly t: 'edited'; readonly from: TabId; readonly to: TabId; readonly id: number }
