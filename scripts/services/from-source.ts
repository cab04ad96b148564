// Runs a package's command from its TypeScript sources, with no build: Node with tsx, and the
// `clientful-source` export condition so the workspace packages it imports (adapters, the
// relay protocol) resolve to their sources too. Tests spawn the CLIs this way; the published
// bin launchers (cli/bin, relay/bin) run the built dist/ instead.

import { fileURLToPath } from 'node:url'

export const SOURCE_CONDITION = 'clientful-source'

/** Node arguments that run `entry` (a .ts file) from sources. */
export function fromSource(entry: string): string[] {
  return [`--conditions=${SOURCE_CONDITION}`, '--import', 'tsx', entry]
}

/** The `clientful` command's entry. */
export const CLIENTFUL_CLI = fileURLToPath(new URL('../../cli/src/main.ts', import.meta.url))
/** The `clientful-relay` command's entry. */
export const RELAY_CLI = fileURLToPath(new URL('../../relay/src/cli.ts', import.meta.url))
