// This user's devices:
//   whoami                        prints this user's member id
//   device link                   prints a code that makes another device yours (10 minutes)
//   device add CODE               on the new device: becomes yours, with all your workspaces
//   device list                   your devices across workspaces
//   device remove --device ID     removes one everywhere; keys rotate
//   recovery create [--out FILE]  writes a recovery kit (retires the previous one)
//   recovery restore FILE         on a new device: restores identity and workspaces

import { writeFile } from 'node:fs/promises'
import { fileProblem, optionalFlag, parseCommand, readInputFile, requireFlag, requireReadableFile, UsageError } from '../args.ts'
import type { CliSession } from '../context.ts'

const HOME = { home: { type: 'string' } } as const

export async function whoamiCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, HOME)
  const client = await io.openHome(flags)
  io.err(`device ${client.deviceId}`)
  io.out(client.userId)
}

export async function deviceCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags, positionals } = parseCommand(rest, { ...HOME, device: { type: 'string' } })
  const client = await io.openHome(flags)
  switch (sub) {
    case 'link':
      io.err('on the new device run: clientful device add --home DIR <code>   (valid 10 minutes, once)')
      io.out(await client.createDeviceLink())
      return
    case 'add': {
      const code = positionals[0]
      if (!code) throw new UsageError('usage: clientful device add --home DIR CODE')
      const workspaces = await client.linkThisDevice(code)
      io.err(`this device now belongs to ${client.userId.slice(0, 12)}… with ${workspaces.length} workspace(s)`)
      io.out(client.deviceId)
      return
    }
    case 'list':
      for (const ws of await client.openAll()) await ws.sync().catch(() => undefined)
      for (const d of await client.devices()) {
        io.out(`${d.deviceId} ${d.kind === 'recovery' ? 'recovery key' : 'device'}${d.thisDevice ? ' (this device)' : ''} in ${d.workspaces.length} workspace(s)`)
      }
      return
    case 'remove': {
      const device = requireFlag(flags, 'device')
      for (const ws of await client.openAll()) await ws.sync().catch(() => undefined)
      const changed = await client.removeDevice(device)
      for (const ws of await client.openAll()) await ws.sync().catch(() => undefined)
      io.err(`removed from ${changed.length} workspace(s); their keys rotated`)
      return
    }
    default:
      throw new UsageError('usage: clientful device link|add CODE|list|remove --device ID --home DIR')
  }
}

export async function recoveryCommand(args: string[], io: CliSession): Promise<void> {
  const [sub, ...rest] = args
  const { flags, positionals } = parseCommand(rest, { ...HOME, out: { type: 'string' } })
  if (sub === 'restore' && positionals[0]) await requireReadableFile(positionals[0]) // before anything is written
  const client = await io.openHome(flags)
  switch (sub) {
    case 'create': {
      for (const ws of await client.openAll()) await ws.sync().catch(() => undefined)
      const kit = await client.createRecoveryKit()
      const out = optionalFlag(flags, 'out')
      if (out) {
        await writeFile(out, kit, { mode: 0o600 }).catch((error: unknown) => {
          throw new UsageError(fileProblem(error, out, 'write'))
        })
        io.err(`recovery kit written to ${out}: keep it offline and private`)
        io.out(out)
      } else io.out(kit)
      return
    }
    case 'restore': {
      const file = positionals[0]
      if (!file) throw new UsageError('usage: clientful recovery restore --home DIR FILE')
      const workspaces = await client.restoreFromKit((await readInputFile(file)).toString('utf8'))
      io.err(`restored ${workspaces.length} workspace(s) for ${client.userId.slice(0, 12)}…`)
      io.out(client.userId)
      return
    }
    default:
      throw new UsageError('usage: clientful recovery create [--out FILE] | recovery restore FILE   (--home DIR)')
  }
}
