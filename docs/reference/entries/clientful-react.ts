/**
 * React bindings: a provider and hooks for the client, the workspace, documents, status, members, attachments and refused items.
 *
 * @module clientful/react
 */
export * from '../../../framework/src/react/index.ts'
