/**
 * The conformance suite every storage adapter runs.
 *
 * @module clientful/testing
 */
export * from '../../../framework/src/testing/index.ts'
