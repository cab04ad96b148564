// The clientful command line. Commands that create something print its id or code alone on
// the last line of stdout; errors go to stderr as one line, with a non-zero exit.

import { AttachmentError, ClientfulError, isStorageError } from 'clientful'
import { UsageError } from './args.ts'
import { CliSession, consoleOutput, type Output } from './context.ts'
import { getCommand, putCommand } from './commands/documents.ts'
import { initCommand } from './commands/identity.ts'
import { deviceCommand, recoveryCommand, whoamiCommand } from './commands/devices.ts'
import { inviteCommand, joinCommand, membersCommand, removeCommand, roleCommand } from './commands/membership.ts'
import { rejectedCommand } from './commands/rejected.ts'
import { diagnoseCommand } from './commands/diagnose.ts'
import { mirrorCommand } from './commands/mirror.ts'
import { attachCommand, fetchCommand } from './commands/attachments.ts'
import { statusCommand, storageCommand } from './commands/storage.ts'
import { exportCommand, verifyCommand } from './commands/storage-tools.ts'
import { syncCommand } from './commands/sync.ts'
import { workspaceCommand } from './commands/workspace.ts'
import { deleteCommand, restoreCommand, trashCommand } from './commands/trash.ts'
import { conflictsCommand } from './commands/conflicts.ts'
import { eraseCommand } from './commands/erase.ts'
import { profileCommand } from './commands/profile.ts'

/** Resolves to an exit code when the command has a verdict (e.g. verify found bad files). */
type Command = (args: string[], io: CliSession) => Promise<number | void>

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  workspace: workspaceCommand,
  invite: inviteCommand,
  join: joinCommand,
  put: putCommand,
  get: getCommand,
  sync: syncCommand,
  export: exportCommand,
  verify: verifyCommand,
  members: membersCommand,
  role: roleCommand,
  remove: removeCommand,
  rejected: rejectedCommand,
  diagnose: diagnoseCommand,
  whoami: whoamiCommand,
  device: deviceCommand,
  recovery: recoveryCommand,
  mirror: mirrorCommand,
  status: statusCommand,
  storage: storageCommand,
  attach: attachCommand,
  fetch: fetchCommand,
  conflicts: conflictsCommand,
  delete: deleteCommand,
  trash: trashCommand,
  restore: restoreCommand,
  erase: eraseCommand,
  profile: profileCommand,
}

const HELP = `usage: clientful <command> --home DIR [options]

  init                                   create this device's identity; prints the device id
  workspace create --name N --storage URL [--relay URL]
                                         found a workspace; prints its id
  workspace list                         workspaces this home belongs to
  invite --workspace WS [--role admin|writer|reader] [--expires 10m] [--uses N] [--short]
                                         prints an invite code (--short: a short link code)
  invite revoke --workspace WS CODE|HASH revoke an invite
  join CODE                              join a workspace; prints its id
  put --workspace WS --doc NAME KEY JSON set KEY in document NAME
  get --workspace WS --doc NAME          print document NAME as JSON
  conflicts --workspace WS --doc NAME    keys of NAME set concurrently: every value and its member, as JSON
  delete --workspace WS --doc NAME KEY [--keep 30d]
                                         move entry KEY of NAME to the trash
  trash --workspace WS [--doc NAME]      what is in the trash, as JSON
  restore --workspace WS --doc NAME KEY  bring entry KEY back out of the trash
  erase --workspace WS --doc NAME        erase document NAME (admins); prints what remains to the engine
  sync [--workspace WS] [--stats]        push and pull once through storage; --stats: the storage requests it made
  attach --workspace WS --doc NAME --key KEY FILE
                                         store FILE as an encrypted attachment under KEY
  fetch --workspace WS --doc NAME --key KEY --out FILE
                                         write an attachment back
  export --workspace WS --out DIR        write every document as JSON
  verify --workspace WS                  check every file of the workspace in storage
  members --workspace WS                 members (with their names), roles and devices
  profile --workspace WS --name NAME [--color #rrggbb] [--initials AB]
                                         set your display name in the workspace (no --name: print it)
  role --workspace WS --member ID --role R
                                         change a member's role
  remove --workspace WS --member ID      remove a member (keys rotate)
  rejected --workspace WS                what this device refused, and why
  diagnose --workspace WS [--out FILE]   a report for support (JSON): ids, sequence numbers, heads,
                                         statuses, errors; no keys, credentials or document content
  whoami                                 this user's member id
  device link | add CODE | list | remove --device ID
                                         this user's devices
  recovery create [--out FILE] | restore FILE
                                         save or use a recovery kit
  status --workspace WS                  storage locations and their health, pending changes, last sync, sync problems
  storage add|primary [--share-credentials] --workspace WS URL
                                         add a storage location (it gets a copy of the workspace),
                                         or make one the primary (new invites name it)
  storage remove [--delete-files] --workspace WS URL
                                         stop using a location while another remains (removing the
                                         primary promotes the next); --delete-files also deletes its
                                         files, leaving a forwarding note for offline devices
  mirror --from URL --to URL [--two-way] [--watch] [--interval 30s]
                                         copy workspaces' ciphertext between storages, with no keys

storage URLs: file:///absolute/path
              s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=us-east-1
              (S3 credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY,
              or from the workspace when a member shared them)
              gdrive://FOLDER_ID[?api=URL]   (an access token in CLIENTFUL_GDRIVE_TOKEN)`

/** Runs one command line; resolves to its exit code (0 done, 1 failed or found a problem, 2 misused). */
export async function run(argv: string[], output: Output = consoleOutput): Promise<number> {
  const io = new CliSession(output)
  try {
    return await dispatch(argv, io)
  } finally {
    await io.close()
  }
}

async function dispatch(argv: string[], io: CliSession): Promise<number> {
  const [name, ...args] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(HELP)
    return name ? 0 : 2
  }
  const command = COMMANDS[name]
  if (!command) {
    io.err(`clientful: unknown command "${name}" (try clientful help)`)
    return 2
  }
  try {
    return (await command(args, io)) ?? 0
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`clientful ${name}: ${error.message}`)
      return 2
    }
    if (error instanceof ClientfulError || isStorageError(error) || error instanceof AttachmentError) {
      io.err(`clientful ${name}: ${error.message}`)
      return 1
    }
    // A file-system or network failure of the machine (ENOENT, EACCES, …) is the user's to fix.
    const system = error as NodeJS.ErrnoException
    if (typeof system?.code === 'string' && typeof system.syscall === 'string') {
      io.err(`clientful ${name}: ${system.message}`)
      return 1
    }
    // Anything else is a bug: one line, and the stack only when asked for.
    io.err(`clientful ${name}: unexpected error: ${(error as Error)?.message ?? String(error)}${process.env.CLIENTFUL_DEBUG ? `\n${(error as Error)?.stack ?? ''}` : ' (CLIENTFUL_DEBUG=1 shows where)'}`)
    return 1
  }
}
