// Seeded property: random membership histories — several replicas acting concurrently on
// partial views (invites, joins, role changes, removals, rotations, grants, acks), gossiping
// at random — fold to the same membership whatever order the entries are delivered in.

import { describe, expect, it } from 'vitest'
import { certifyDevice, type DeviceRecord } from '../src/identity/device-identity.ts'
import { keyPairFromSeed, type KeyPair } from '../src/crypto/keys.ts'
import { hashRecord, signEntry, signGenesis, GENESIS_FORMAT, type EntryBodies, type GenesisFile, type MemberEntry, type MemberEntryType } from '../src/membership/entries.ts'
import type { Role } from '../src/api/role.ts'
import { foldMembership, type SignatureCache } from '../src/membership/fold.ts'
import { currentDevices, roleOfDevice, type MembershipState } from '../src/membership/state.ts'
import { toBase64Url, toHex } from '../src/util/bytes.ts'
import { forAllSeeds, type Random } from './support/random.ts'

interface Device {
  readonly signing: KeyPair
  readonly record: DeviceRecord
  readonly user: KeyPair
}

async function makeDevice(random: Random, user?: KeyPair): Promise<Device> {
  const signing = await keyPairFromSeed('Ed25519', random.bytes(32))
  const box = await keyPairFromSeed('X25519', random.bytes(32))
  const owner = user ?? (await keyPairFromSeed('Ed25519', random.bytes(32)))
  return { signing, user: owner, record: await certifyDevice(owner, signing, box) }
}

const EPOCH = 'e'.repeat(16)

async function genesisFor(founder: Device): Promise<{ genesis: GenesisFile; hash: string }> {
  const genesis = await signGenesis(
    { format: GENESIS_FORMAT, v: 1, nonce: 'AAAA', at: 1, founder: founder.record, name: 'AAAA', lockbox: { to: founder.record.id, epoch: EPOCH, box: 'AAAA' } },
    founder.signing.privateKey,
  )
  return { genesis, hash: await hashRecord(genesis) }
}

function summary(state: MembershipState): string {
  return JSON.stringify({
    order: state.order,
    refused: [...state.refused.keys()].sort(),
    waiting: [...state.waiting].sort(),
    epoch: state.currentEpoch,
    members: [...state.members.values()].map((m) => [m.userId, m.role, m.removed, [...m.devices].sort()]).sort(),
    devices: [...state.devices.entries()].map(([id, d]) => [id, d.removed, d.windows]).sort(),
    invites: [...state.invites.values()].map((i) => [i.hash, i.used, i.revoked]).sort(),
  })
}

class Replica {
  readonly known = new Map<string, MemberEntry>()
  state!: MembershipState
  constructor(
    readonly device: Device,
    readonly genesis: { genesis: GenesisFile; hash: string },
    readonly cache: SignatureCache,
  ) {}
  async refold(): Promise<void> {
    this.state = await foldMembership(this.genesis.hash, this.genesis.genesis, this.known, this.cache)
  }
  async append<T extends MemberEntryType>(type: T, body: EntryBodies[T]): Promise<MemberEntry> {
    const entry = (await signEntry(
      { ws: this.state.ws, type, parents: this.state.heads, author: this.device.record.id, body, at: 10 },
      this.device.signing.privateKey,
    )) as MemberEntry
    this.known.set(await hashRecord(entry), entry)
    await this.refold()
    return entry
  }
}

async function randomHistory(random: Random): Promise<{ entries: Map<string, MemberEntry>; genesis: { genesis: GenesisFile; hash: string } }> {
  const cache: SignatureCache = new Map()
  const founder = await makeDevice(random)
  const genesis = await genesisFor(founder)
  const replicas = [new Replica(founder, genesis, cache)]
  await replicas[0]!.refold()
  const roles: Role[] = ['admin', 'writer', 'reader']
  const blob = (): string => toBase64Url(random.bytes(8))

  for (let step = 0; step < 14; step++) {
    const replica = random.pick(replicas)
    const me = replica.device.record.id
    const role = roleOfDevice(replica.state, me)
    const others = currentDevices(replica.state).filter((d) => d !== me)
    const members = [...replica.state.members.values()].filter((m) => !m.removed)
    const action = random.int(9)
    try {
      if (action === 0 && role === 'admin') {
        // Invite and join in one go: a new device with a new user.
        const inviteKey = await keyPairFromSeed('Ed25519', random.bytes(32))
        const invite = await replica.append('invite', { key: toHex(inviteKey.publicKey), role: random.pick(roles), epoch: replica.state.currentEpoch, lockbox: blob(), ...(random.next() < 0.3 ? { uses: 1 } : {}) })
        const newcomer = new Replica(await makeDevice(random), genesis, cache)
        for (const [h, e] of replica.known) newcomer.known.set(h, e)
        await newcomer.refold()
        const { signJoinProof } = await import('../src/membership/entries.ts')
        const inviteHash = await hashRecord(invite)
        await newcomer.append('join', { invite: inviteHash, device: newcomer.device.record, proof: await signJoinProof(newcomer.state.ws, inviteHash, newcomer.device.record.id, inviteKey.privateKey) })
        replicas.push(newcomer)
      } else if (action === 1 && members.length > 0) {
        await replica.append('role', { member: random.pick(members).userId, role: random.pick(roles), cutoffs: {} })
      } else if (action === 2 && members.length > 1) {
        await replica.append('remove-member', { member: random.pick(members).userId, cutoffs: { [random.pick([me, ...others])]: random.int(5) } })
      } else if (action === 3 && others.length > 0) {
        await replica.append('remove-device', { device: random.pick(others), cutoff: random.int(5) })
      } else if (action === 4) {
        const epoch = toHex(random.bytes(8))
        const recipients = [me, ...others.filter(() => random.next() < 0.7)]
        await replica.append('rotate', { rotation: { epoch, lockboxes: recipients.map((to) => ({ to, epoch, box: blob() })), prev: blob() } })
      } else if (action === 5 && others.length > 0) {
        await replica.append('ack', { device: random.pick(others), seq: random.int(8) })
      } else if (action === 6) {
        const invites = [...replica.state.invites.keys()]
        if (invites.length > 0) await replica.append('revoke-invite', { invite: random.pick(invites) })
      } else {
        // Gossip: two replicas exchange everything they know.
        const other = random.pick(replicas)
        for (const [h, e] of other.known) replica.known.set(h, e)
        for (const [h, e] of replica.known) other.known.set(h, e)
        await replica.refold()
        await other.refold()
      }
    } catch (error) {
      throw new Error(`step ${step} action ${action}: ${(error as Error).message}`)
    }
  }
  const entries = new Map<string, MemberEntry>()
  for (const replica of replicas) for (const [h, e] of replica.known) entries.set(h, e)
  return { entries, genesis }
}

describe('membership convergence (property)', () => {
  it('random histories fold to the same state in any delivery order (300 seeds)', async () => {
    await forAllSeeds(300, async (random) => {
      const { entries, genesis } = await randomHistory(random)
      const cache: SignatureCache = new Map()
      const reference = summary(await foldMembership(genesis.hash, genesis.genesis, entries, cache))
      const hashes = [...entries.keys()]
      for (let order = 0; order < 3; order++) {
        // Deliver in a random order, folding after each arrival like a device does.
        const delivered = new Map<string, MemberEntry>()
        let state: MembershipState | undefined
        for (const hash of random.shuffle([...hashes])) {
          delivered.set(hash, entries.get(hash)!)
          if (random.next() < 0.3) state = await foldMembership(genesis.hash, genesis.genesis, delivered, new Map())
        }
        state = await foldMembership(genesis.hash, genesis.genesis, delivered, new Map())
        expect(summary(state)).toBe(reference)
      }
    })
  }, 300_000)
})
