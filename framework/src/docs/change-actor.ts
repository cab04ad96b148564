// Reading the author (actor id) of an Automerge change from its header, without decoding the
// whole change: fully decoding was most of the cost of sealing and verifying large batches.
// Layout of an uncompressed change chunk (Automerge binary format): magic (4 bytes),
// checksum (4), chunk type (1; 1 = change), length (uLEB128), dependency count (uLEB128),
// that many 32-byte hashes, actor length (uLEB128), actor bytes. Compressed changes fall back
// to Automerge's own decoder.

import * as A from '@automerge/automerge'
import { toHex } from '../util/bytes.ts'

const MAGIC = [0x85, 0x6f, 0x4a, 0x83]
const CHANGE_CHUNK = 1

export function readUleb(bytes: Uint8Array, offset: number): [value: number, next: number] | undefined {
  let value = 0
  for (let shift = 0, i = offset; i < bytes.length && shift < 35; shift += 7, i++) {
    const byte = bytes[i]!
    value += (byte & 0x7f) * 2 ** shift
    if ((byte & 0x80) === 0) return [value, i + 1]
  }
  return undefined
}

/** The change's actor id as hex; throws if the bytes are not an Automerge change. */
export function changeActor(change: Uint8Array): string {
  if (change.length > 9 && MAGIC.every((b, i) => change[i] === b) && change[8] === CHANGE_CHUNK) {
    const length = readUleb(change, 9)
    const deps = length && readUleb(change, length[1])
    if (deps) {
      const actorAt = deps[1] + deps[0] * 32
      const actorLength = readUleb(change, actorAt)
      if (actorLength && actorLength[0] <= 64 && actorLength[1] + actorLength[0] <= change.length) {
        return toHex(change.subarray(actorLength[1], actorLength[1] + actorLength[0]))
      }
    }
  }
  return A.decodeChange(change).actor
}
