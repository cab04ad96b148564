// The clientful command's process: runs the command line and exits with its code.

import { run } from './run.ts'

// Exit explicitly: idle keep-alive sockets of storage clients must not hold the process open.
process.exit(await run(process.argv.slice(2)))
