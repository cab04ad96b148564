/**
 * Storage in a local folder the user picked (File System Access API, browser).
 *
 * @module @clientful/storage-local/browser
 */
export * from '../../../storage-adapters/local/src/browser.ts'
