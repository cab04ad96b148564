/**
 * Storage in memory with fault injection, for tests.
 *
 * @module @clientful/storage-memory
 */
export * from '../../../storage-adapters/memory/src/index.ts'
