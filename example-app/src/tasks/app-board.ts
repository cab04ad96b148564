// The board type this build of the app runs. The schema version is chosen when the app is built
// (VITE_BOARD_SCHEMA=2 builds the previous release, to test a device that has not updated yet);
// every tab and the engine get the same type, so every peer judges changes by the same rules.

import { checkedTypes } from 'clientful'
import { boardAtVersion } from './board-type.ts'

declare global {
  interface ImportMetaEnv {
    /** "2" builds the previous release of the board; anything else, the current one. */
    readonly VITE_BOARD_SCHEMA?: string
  }
}

export const board = boardAtVersion(import.meta.env.VITE_BOARD_SCHEMA === '2' ? 2 : 3)

/** For openBrowserClient's `rules`: every change to the board is screened by its rules. */
export const boardRules = checkedTypes([board])
