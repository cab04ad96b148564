/**
 * Storage in a local folder (Node).
 *
 * @module @clientful/storage-local
 */
export * from '../../../storage-adapters/local/src/index.ts'
