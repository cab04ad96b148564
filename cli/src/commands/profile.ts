// People, not keys:
//   profile --name NAME [--color #rrggbb] [--initials AB]   sets this member's profile
//   profile                                                  prints it

import { checkProfile, memberIdOf, profilesOf, setProfile } from 'clientful'
import { optionalFlag, parseCommand, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

export async function profileCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { home: { type: 'string' }, workspace: { type: 'string' }, name: { type: 'string' }, color: { type: 'string' }, initials: { type: 'string' } })
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const name = optionalFlag(flags, 'name')
  if (name === undefined) {
    const member = memberIdOf(ws)
    const mine = member === undefined ? undefined : (await profilesOf(ws)).get(member)
    io.out(mine ? JSON.stringify(mine) : 'no profile yet: clientful profile --name NAME')
    return
  }
  const color = optionalFlag(flags, 'color')
  const initials = optionalFlag(flags, 'initials')
  const checked = checkProfile({ name, ...(color !== undefined ? { color } : {}), ...(initials !== undefined ? { initials } : {}) })
  if (!checked.ok) throw new UsageError(checked.detail)
  await setProfile(ws, checked.value)
  await ws.sync().catch((error: unknown) => io.err(`warning: saved on this device but not uploaded yet (${String(error)}); run clientful sync later`))
  io.err(`profile set: ${checked.value.name}`)
}
