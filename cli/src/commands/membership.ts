// Who is in a workspace:
//   invite [--role R] [--expires 10m] [--uses N] [--short]   prints an invite code (admins)
//   invite revoke CODE|HASH                         revokes an invite (admins)
//   join CODE                                       joins; prints the workspace id
//   members                                         members (and their names), roles and devices
//   role --member ID --role R                       changes a role (admins)
//   remove --member ID                              removes a member; keys rotate (admins)

import { isCurrentDevice, profilesOf, ROLES, type MembershipView, type Role, type Workspace } from 'clientful'
import { errorMessage } from '../error-message.ts'
import { optionalFlag, parseCommand, parseDuration, parsePositiveInteger, requireFlag, UsageError, type Flags } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

const WS_FLAGS = { home: { type: 'string' }, workspace: { type: 'string' } } as const

function roleFlag(flags: Flags, fallback?: Role): Role {
  const role = optionalFlag(flags, 'role') ?? fallback
  if (!role || !ROLES.includes(role as Role)) throw new UsageError('--role must be admin, writer or reader')
  return role as Role
}

/** Uploads membership changes now (a sync); if storage is unreachable they wait for the next one. */
async function publish(ws: Workspace, io: CliSession): Promise<void> {
  try {
    await ws.sync()
  } catch (error) {
    io.err(`warning: saved on this device but not uploaded yet (${errorMessage(error)}); run clientful sync later`)
  }
}

export async function inviteCommand(args: string[], io: CliSession): Promise<void> {
  if (args[0] === 'revoke') return revokeCommand(args.slice(1), io)
  const { flags } = parseCommand(args, { ...WS_FLAGS, role: { type: 'string' }, uses: { type: 'string' }, expires: { type: 'string' }, short: { type: 'boolean' } })
  const uses = optionalFlag(flags, 'uses')
  const expires = optionalFlag(flags, 'expires')
  const options = {
    role: roleFlag(flags, 'writer'),
    ...(uses !== undefined ? { uses: parsePositiveInteger(uses, 'uses') } : {}),
    ...(expires !== undefined ? { expiresInMs: parseDuration(expires, 'expires') } : {}),
    // A short link code (35 characters, then the storage): what the rest is, is sealed in storage.
    ...(flags['short'] === true ? { short: true } : {}),
  }
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  io.out(await ws.createInvite(options))
}

async function revokeCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, WS_FLAGS)
  const target = positionals[0]
  if (!target) throw new UsageError('usage: clientful invite revoke --home DIR --workspace WS CODE|HASH')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  await ws.sync().catch(() => undefined) // act on the freshest log we can get
  await ws.revokeInvite(target)
  await publish(ws, io)
  io.err('invite revoked')
}

export async function joinCommand(args: string[], io: CliSession): Promise<void> {
  const { flags, positionals } = parseCommand(args, { home: { type: 'string' } })
  const code = positionals[0]
  if (!code) throw new UsageError('usage: clientful join --home DIR CODE')
  const ws = await (await io.openHome(flags)).join(code)
  io.err(`joined "${ws.name}" as ${ws.role ?? 'unknown role'}`)
  io.out(ws.id)
}

export async function membersCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, WS_FLAGS)
  const client = await io.openHome(flags)
  const ws = await pickWorkspace(client, flags)
  const state: MembershipView = ws.membership
  const profiles = await profilesOf(ws)
  for (const member of state.members.values()) {
    const devices = [...member.devices].filter((d) => isCurrentDevice(state, d))
    const label = member.removed ? 'removed' : member.role
    const recovery = devices.filter((d) => state.devices.get(d)!.record.kind === 'recovery').length
    const you = member.userId === client.userId ? ' (you)' : ''
    const name = profiles.get(member.userId)?.name
    io.out(`${member.userId} ${label}${you} devices: ${devices.length - recovery}${recovery ? ` + recovery key` : ''}${name ? ` name: ${name}` : ''}`)
    for (const d of devices) if (state.devices.get(d)!.record.kind !== 'recovery') io.out(`  device ${d}`)
  }
}

export async function roleCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { ...WS_FLAGS, member: { type: 'string' }, role: { type: 'string' } })
  const member = requireFlag(flags, 'member')
  const role = roleFlag(flags)
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  await ws.sync().catch(() => undefined)
  await ws.changeRole(member, role)
  await publish(ws, io)
  io.err('role changed')
}

export async function removeCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { ...WS_FLAGS, member: { type: 'string' } })
  const member = requireFlag(flags, 'member')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  await ws.sync().catch(() => undefined)
  await ws.removeMember(member)
  await publish(ws, io)
  io.err('member removed; the workspace moved to a new key epoch')
}
