// The committed golden workspace (docs/format/golden/) and what checking it needs: the files
// in a storage, the membership folded from them, the epoch keys opened with the recovery kit,
// and the golden private keys, so a test can re-sign a file it mutated.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { createMemoryStorage } from '@clientful/storage-memory'
import { goldenSeed, GOLDEN_INPUTS, type GoldenWorkspace } from '../../../docs/format/golden-workspace.ts'
import { keyPairFromSeed, type KeyPair } from '../../src/crypto/keys.ts'
import { adoptEpochKeys, type KeyProblem } from '../../src/membership/key-access.ts'
import { hashRecord } from '../../src/membership/entries.ts'
import { MembershipLog } from '../../src/membership/membership-log.ts'
import { parseGenesis } from '../../src/membership/parse-entry.ts'
import type { MembershipState } from '../../src/membership/state.ts'
import { LocalStore } from '../../src/local/local-store.ts'
import { FileKeyStore } from '../../src/platform/node/file-key-store.ts'
import { FileStorageAdapter } from '../../src/platform/node/file-storage-adapter.ts'
import type { UserStorage } from '../../src/storage/user-storage.ts'
import { signedEncryption, type EnvelopeCrypto } from '../../src/sync/envelope-crypto.ts'
import type { Rejection } from '../../src/sync/rejection.ts'
import { recoveryKeys, recoveryRecord, parseRecoveryKit } from '../../src/user/recovery-kit.ts'
import { paths } from '../../src/format/paths.ts'
import { Keyring } from '../../src/membership/keyring.ts'
import { utf8Decode, utf8Encode } from '../../src/util/bytes.ts'
import { signRecord } from '../../src/format/signed-record.ts'

export const GOLDEN_DIR = join(import.meta.dirname, '../../../docs/format/golden')

/** The golden workspace as committed under docs/format/golden (what the generator writes, without its facts). */
export type CommittedGolden = Omit<GoldenWorkspace, 'facts'>

async function walk(dir: string, root: string, into: Map<string, Uint8Array>): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) await walk(full, root, into)
    else into.set(relative(root, full).split(sep).join('/'), new Uint8Array(await readFile(full)))
  }
}

export async function loadCommittedGolden(): Promise<CommittedGolden> {
  const files = new Map<string, Uint8Array>()
  await walk(join(GOLDEN_DIR, 'storage'), join(GOLDEN_DIR, 'storage'), files)
  const movedFrom = new Map<string, Uint8Array>()
  await walk(join(GOLDEN_DIR, 'moved-from'), join(GOLDEN_DIR, 'moved-from'), movedFrom)
  const text = (name: string) => readFile(join(GOLDEN_DIR, name), 'utf8')
  return {
    files,
    movedFrom,
    inviteCode: (await text('invite-code.txt')).trim(),
    deviceLinkCode: (await text('device-link-code.txt')).trim(),
    recoveryKit: await text('recovery-kit.txt'),
    expected: JSON.parse(await text('expected.json')),
  }
}

/** A fresh in-memory storage holding `files` (registered under the golden storage URL). */
export async function storageWith(files: ReadonlyMap<string, Uint8Array>): Promise<UserStorage> {
  const storage = createMemoryStorage(GOLDEN_INPUTS.storage)
  for (const [path, bytes] of files) await storage.write(path, bytes)
  return storage
}

/** The golden private key of a device or user, e.g. "alice/device" or "bob/user". */
export function goldenKey(name: string): Promise<KeyPair> {
  return keyPairFromSeed('Ed25519', goldenSeed(name.endsWith('/user') ? name : `${name}/signing`))
}

export interface GoldenContext {
  readonly ws: string
  readonly storage: UserStorage
  readonly membership: MembershipLog
  readonly state: MembershipState
  readonly keyring: Keyring
  readonly crypto: EnvelopeCrypto
  /** What the membership pull refused. */
  readonly refused: Omit<Rejection, 'at' | 'source'>[]
  /** Lockboxes and key chains the recovery key could not open. */
  readonly keyProblems: KeyProblem[]
  close(): Promise<void>
}

/** Folds the membership of `files` and opens every epoch the recovery kit reaches. */
export async function openGolden(files: ReadonlyMap<string, Uint8Array>, kitText: string): Promise<GoldenContext> {
  const kit = parseRecoveryKit(kitText)
  const ws = kit.workspaces[0]!.id
  const dir = await mkdtemp(join(tmpdir(), 'clientful-golden-'))
  const local = new LocalStore(new FileStorageAdapter(join(dir, 'data')))
  const genesisBytes = files.get(paths.workspace(ws))!
  const genesis = parseGenesis(genesisBytes)
  if (!genesis.ok) throw new Error(`golden genesis: ${genesis.detail}`)
  const genesisHash = await hashRecord(genesis.value)
  const storage = await storageWith(files)
  const membership = new MembershipLog(local, ['ws', ws], genesisHash, genesis.value)
  await membership.load()
  const refused: Omit<Rejection, 'at' | 'source'>[] = []
  await membership.pullAll(storage, async (r) => void refused.push(r))
  const keyring = new Keyring(new FileKeyStore(join(dir, 'keys.json')), local, ws, genesis.value.lockbox.epoch)
  const keys = await recoveryKeys(kit.recoverySeed)
  const record = await recoveryRecord(await keyPairFromSeed('Ed25519', kit.userSeed), kit.recoverySeed)
  const keyProblems = await adoptEpochKeys(membership.state, keyring, [{ deviceId: record.id, box: keys.box }])
  const signer = await goldenKey('alice/device')
  return {
    ws,
    storage,
    membership,
    state: membership.state,
    keyring,
    crypto: signedEncryption(signer.privateKey, (epoch) => keyring.get(epoch)),
    refused,
    keyProblems,
    close: () => rm(dir, { recursive: true, force: true }),
  }
}

/** The JSON file with `change` applied; re-signed (domain, key) when asked, else left with its old signature. */
export async function mutated(bytes: Uint8Array, change: (record: Record<string, unknown>) => void, resign?: { domain: string; key: KeyPair }): Promise<Uint8Array> {
  const record = JSON.parse(utf8Decode(bytes)) as Record<string, unknown>
  change(record)
  if (!resign) return utf8Encode(JSON.stringify(record))
  const { sig: _old, ...fields } = record
  return utf8Encode(JSON.stringify(await signRecord(resign.domain, fields as never, resign.key.privateKey)))
}

/** A base64url string with one bit of its first byte flipped (still base64url). */
export function flipBase64Url(text: string, at = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const i = alphabet.indexOf(text[at]!)
  return text.slice(0, at) + alphabet[i ^ 1] + text.slice(at + 1)
}
