/**
 * Local services for an app's tests and development: s3rver, a relay, a static server (Node).
 *
 * @module clientful/testing/node
 */
export * from '../../../framework/src/testing/node/index.ts'
