// @clientful/cli as a library: the command line run in-process, and storage opened from the
// URLs it takes (every adapter it ships with). The `clientful` bin runs main.ts.

export { run } from './run.ts'
export type { Output } from './context.ts'
export { openStorageUrl } from './open-storage.ts'
