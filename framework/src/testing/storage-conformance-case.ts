// The shape each group of storage conformance cases exports. Its own file so the case files
// and the suite that gathers them both import it, instead of the cases importing the suite.

import type { UserStorage } from '../storage/user-storage.ts'

/** Case bodies by name; `dir` is a folder prefix ending in '/' that no other case touches. */
export type ConformanceCaseBodies = Readonly<Record<string, (storage: UserStorage, dir: string) => Promise<void>>>
