// Shared by the commands: open the client for --home and find the workspace to act on.

import { ClientfulError, type Clientful, type UserStorage, type Workspace } from 'clientful'
import { openNodeClient } from 'clientful/node'
import { requireFlag, optionalFlag, type Flags } from './args.ts'
import { openStorageUrl } from './open-storage.ts'

/** The workspace named by --workspace, or the only one this home has. */
export async function pickWorkspace(client: Clientful, flags: Flags): Promise<Workspace> {
  const id = optionalFlag(flags, 'workspace')
  if (id) return client.workspace(id)
  const all = await client.workspaces()
  if (all.length === 1) return client.workspace(all[0]!.id)
  throw new ClientfulError('invalid-argument', all.length === 0 ? 'this home is in no workspace yet' : 'this home is in several workspaces: pass --workspace')
}

export interface Output {
  out(line: string): void
  err(line: string): void
}

/** One CLI invocation: where it prints, and the client it opened (closed when it ends). */
export class CliSession implements Output {
  readonly #output: Output
  readonly #clients: Clientful[] = []

  constructor(output: Output) {
    this.#output = output
  }

  out(line: string): void {
    this.#output.out(line)
  }

  err(line: string): void {
    this.#output.err(line)
  }

  /** `wrapStorage` sees every storage the client opens (e.g. to count requests). */
  async openHome(flags: Flags, wrapStorage: (storage: UserStorage) => UserStorage = (s) => s): Promise<Clientful> {
    const home = requireFlag(flags, 'home')
    const client = await openNodeClient(home, {
      openStorage: async (url, credentials) => wrapStorage(await openStorageUrl(url, credentials)),
      // One engine per device: a second command on this home waits for the first to finish.
      lock: { onWait: (holder) => this.err(`another clientful process (pid ${holder.pid}) is using ${home}: waiting for it to finish…`) },
    })
    this.#clients.push(client)
    return client
  }

  /** Flushes every document to disk. */
  async close(): Promise<void> {
    for (const client of this.#clients.splice(0)) await client.close()
  }
}

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
}
