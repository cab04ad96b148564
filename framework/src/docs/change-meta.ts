// An Automerge change's actor, sequence number and hash, read from its header without decoding
// the whole change (see change-actor.ts for the layout): after the actor come its seq
// (uLEB128); the hash is SHA-256 of the chunk from its type byte on. Compressed changes fall
// back to Automerge's own decoder.

import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { toHex } from '../util/bytes.ts'
import { changeActor, readUleb } from './change-actor.ts'

export interface ChangeMeta {
  readonly actor: string
  readonly seq: number
  readonly hash: string
}

export function changeMeta(change: Uint8Array): ChangeMeta {
  const actor = changeActor(change)
  if (change[8] === 1) {
    // Header: … actor length, actor bytes, seq.
    const length = readUleb(change, 9)!
    const deps = readUleb(change, length[1])!
    const actorLength = readUleb(change, deps[1] + deps[0] * 32)!
    const seq = readUleb(change, actorLength[1] + actorLength[0])
    if (seq) return { actor, seq: seq[0], hash: toHex(sha256(change.subarray(8))) }
  }
  const decoded = A.decodeChange(change)
  return { actor, seq: decoded.seq, hash: decoded.hash! }
}
