/**
 * The storage seam: what a storage adapter implements (`UserStorage`) and the typed errors it throws.
 *
 * @module clientful/storage
 */
export * from '../../../framework/src/storage/index.ts'
