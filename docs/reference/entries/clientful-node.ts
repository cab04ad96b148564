/**
 * A Node process as a device: `openNodeClient(home)` (keys and data in a folder, one process at a time).
 *
 * @module clientful/node
 */
export * from '../../../framework/src/platform/node/index.ts'
