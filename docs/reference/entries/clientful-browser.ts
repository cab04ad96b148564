/**
 * This browser profile as a device: `openBrowserClient()` (IndexedDB, one engine shared by every tab).
 *
 * @module clientful/browser
 */
export * from '../../../framework/src/platform/browser/index.ts'
