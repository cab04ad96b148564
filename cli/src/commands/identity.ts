// clientful init — creates this device's identity in --home (idempotent); prints the device id.

import { parseCommand } from '../args.ts'
import type { CliSession } from '../context.ts'

export async function initCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, { home: { type: 'string' } })
  const client = await io.openHome(flags)
  io.out(client.deviceId)
}
