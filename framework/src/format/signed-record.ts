// Signed JSON records: the signature covers a domain label and the canonical JSON of every
// field but `sig`, so a record cannot be re-labelled as another kind or edited in place.

import { canonicalJson } from '../util/canonical-json.ts'
import { fromBase64Url, isBase64Url, toBase64Url, utf8Encode } from '../util/bytes.ts'
import { sign, verify, type PrivateKey } from '../crypto/keys.ts'

export type Unsigned<T> = Omit<T, 'sig'>

function signingInput(domain: string, fields: object): Uint8Array {
  return utf8Encode(`clientful/v1/${domain}\n${canonicalJson(fields)}`)
}

export async function signRecord<T extends { sig: string }>(domain: string, fields: Unsigned<T>, key: PrivateKey): Promise<T> {
  const sig = toBase64Url(await sign(key, signingInput(domain, fields)))
  return { ...fields, sig } as T
}

export async function verifyRecord(domain: string, record: { readonly sig: string }, publicKey: Uint8Array): Promise<boolean> {
  if (typeof record.sig !== 'string' || !isBase64Url(record.sig)) return false
  const { sig, ...fields } = record
  return verify(publicKey, signingInput(domain, fields), fromBase64Url(sig))
}

export function encodeRecord(record: object): Uint8Array {
  return utf8Encode(JSON.stringify(record))
}
