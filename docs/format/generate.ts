// Writes the golden workspace to docs/format/golden/ (run by hand after a deliberate format
// change; the output is committed):
//
//   node --conditions=clientful-source --import tsx docs/format/generate.ts
//
// golden/storage/ is a storage root as a local folder holds it, golden/moved-from/ one the
// workspace moved away from; the codes and the recovery kit are beside them, with expected.json:
// what a reader holding the kit prints.

import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { buildGoldenWorkspace } from './golden-workspace.ts'

const out = join(import.meta.dirname, 'golden')
const golden = await buildGoldenWorkspace()
await rm(out, { recursive: true, force: true })
for (const [root, files] of [['storage', golden.files], ['moved-from', golden.movedFrom]] as const) {
  for (const [path, bytes] of files) {
    const file = join(out, root, path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, bytes)
  }
}
await writeFile(join(out, 'invite-code.txt'), golden.inviteCode + '\n')
await writeFile(join(out, 'device-link-code.txt'), golden.deviceLinkCode + '\n')
await writeFile(join(out, 'recovery-kit.txt'), golden.recoveryKit)
await writeFile(join(out, 'expected.json'), JSON.stringify(golden.expected, null, 2) + '\n')
console.log(`wrote ${golden.files.size + golden.movedFrom.size} storage files, 3 codes and expected.json to ${out}`)
