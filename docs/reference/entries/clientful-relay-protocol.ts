/**
 * The relay wire protocol: frames, codecs, close codes.
 *
 * @module @clientful/relay-protocol
 */
export * from '../../../relay/protocol/protocol.ts'
