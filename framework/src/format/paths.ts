// Every path written to user storage. Names carry only random ids, device public keys,
// content hashes and sequence numbers: never titles, document names or content.

const SEQ_DIGITS = 12

export function padSeq(seq: number): string {
  return String(seq).padStart(SEQ_DIGITS, '0')
}

export const paths = {
  workspace: (ws: string) => `${ws}/workspace.json`,
  membersPrefix: (ws: string) => `${ws}/members/`,
  memberEntry: (ws: string, hash: string) => `${ws}/members/${hash}.json`,
  devicesPrefix: (ws: string) => `${ws}/devices/`,
  marker: (ws: string, device: string) => `${ws}/devices/${device}.json`,
  logPrefix: (ws: string, device: string) => `${ws}/log/${device}/`,
  envelope: (ws: string, device: string, seq: number) => `${ws}/log/${device}/${padSeq(seq)}.json`,
  snapshotsPrefix: (ws: string) => `${ws}/snapshots/`,
  snapshot: (ws: string, device: string) => `${ws}/snapshots/${device}.json`,
} as const

const LEAF = /^([0-9a-f]+)\.json$/

/** The id in `<prefix><id>.json`, or undefined for anything else found under the prefix. */
export function leafId(prefix: string, path: string): string | undefined {
  if (!path.startsWith(prefix)) return undefined
  return LEAF.exec(path.slice(prefix.length))?.[1]
}

export function seqFromPath(prefix: string, path: string): number | undefined {
  const id = leafId(prefix, path)
  if (id === undefined || id.length !== SEQ_DIGITS || !/^\d+$/.test(id)) return undefined
  return Number(id)
}
