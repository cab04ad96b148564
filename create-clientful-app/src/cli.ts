// create-clientful-app DIR [--name NAME]: scaffolds a Clientful app into DIR and says what to
// run next. Bad input is one line on stderr and a non-zero exit, with nothing written.

import { parseArgs } from 'node:util'
import { relative } from 'node:path'
import { scaffold, ScaffoldError } from './scaffold.ts'

const USAGE = `usage: npm create clientful-app DIR [-- --name NAME]
       create-clientful-app DIR [--name NAME]

Creates DIR with a Vite + React app on Clientful: a shared to-do list, local s3rver and relay
for development (npm start) and a Playwright test of two devices syncing (npm test).`

async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
  } catch (error) {
    process.stderr.write(`create-clientful-app: ${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const [dir, ...extra] = parsed.positionals
  if (dir === undefined || extra.length > 0) {
    process.stderr.write(`create-clientful-app: ${dir === undefined ? 'name the folder to create' : `one folder only (got ${parsed.positionals.length})`}\n${USAGE}\n`)
    return 2
  }
  try {
    const created = await scaffold({ dir, ...(parsed.values.name !== undefined && { name: parsed.values.name }) })
    const where = relative(process.cwd(), created.dir) || '.'
    process.stdout.write(
      [
        `Created ${created.name} in ${where}. Next:`,
        '',
        `  cd ${where}`,
        '  npm install && npm start   # the app on local defaults: s3rver, relay and the app start for you',
        '  npm test                   # its Playwright test: two devices share the list',
        '',
        'README.md says how to deploy it with S3 or Google Drive.',
        '',
      ].join('\n'),
    )
    return 0
  } catch (error) {
    if (!(error instanceof ScaffoldError)) throw error
    process.stderr.write(`create-clientful-app: ${error.message}\n`)
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))
