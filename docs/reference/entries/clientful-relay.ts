/**
 * The relay server, to run inside a Node process (the `clientful-relay` command runs it on its own).
 *
 * @module @clientful/relay
 */
export * from '../../../relay/src/index.ts'
