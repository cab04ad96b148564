// clientful export --out DIR — syncs when it can, then writes every document as readable JSON.
// clientful verify — checks every file of the workspace in storage; exit 1 if any is bad.

import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { verifyStorage } from 'clientful'
import { errorMessage } from '../error-message.ts'
import { fileProblem, parseCommand, requireFlag, UsageError } from '../args.ts'
import { pickWorkspace, type CliSession } from '../context.ts'

const FLAGS = { home: { type: 'string' }, workspace: { type: 'string' }, out: { type: 'string' } } as const

export async function exportCommand(args: string[], io: CliSession): Promise<void> {
  const { flags } = parseCommand(args, FLAGS)
  const out = requireFlag(flags, 'out')
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  try {
    await ws.sync()
  } catch (error) {
    io.err(`warning: could not sync (${errorMessage(error)}); exporting what this device has`)
  }
  await mkdir(out, { recursive: true }).catch((error: unknown) => {
    throw new UsageError(fileProblem(error, out, 'write to'))
  })
  const index: { file: string; name: string | undefined; id: string }[] = []
  const taken = new Set<string>()
  const documents = await ws.exportJson() // keyed as below: by name, or by id when unnamed
  for (const { id, name } of await ws.documents()) {
    const file = uniqueFileName(name ?? id, taken)
    await writeFile(join(out, file), JSON.stringify(documents[name ?? id], null, 2) + '\n')
    index.push({ file, name, id })
  }
  const manifest = { workspace: { id: ws.id, name: ws.name }, exportedAt: new Date().toISOString(), documents: index }
  await writeFile(join(out, 'index.json'), JSON.stringify(manifest, null, 2) + '\n')
  io.err(`exported ${index.length} document(s) to ${out}`)
  io.out(out)
}

function uniqueFileName(name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._ -]/g, '_').replace(/^\.+/, '_').slice(0, 100) || 'document'
  let file = `${base}.json`
  for (let i = 2; taken.has(file.toLowerCase()) || file === 'index.json'; i++) file = `${base}-${i}.json`
  taken.add(file.toLowerCase())
  return file
}

export async function verifyCommand(args: string[], io: CliSession): Promise<number> {
  const { flags } = parseCommand(args, FLAGS)
  const ws = await pickWorkspace(await io.openHome(flags), flags)
  const result = await verifyStorage(ws)
  for (const bad of result.bad) io.out(`bad ${bad.path}: ${bad.reason} — ${bad.detail}`)
  io.out(`checked ${result.checked} file(s): ${result.bad.length} bad`)
  return result.bad.length > 0 ? 1 : 0
}
