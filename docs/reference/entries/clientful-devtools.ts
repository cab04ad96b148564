/**
 * A read-only devtools panel for React apps, and the diagnostic report download.
 *
 * @module clientful/devtools
 */
export * from '../../../framework/src/devtools/index.ts'
