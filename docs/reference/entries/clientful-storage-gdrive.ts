/**
 * Storage in a Google Drive folder, over the Drive REST API, in Node and the browser.
 *
 * @module @clientful/storage-gdrive
 */
export * from '../../../storage-adapters/gdrive/src/index.ts'
