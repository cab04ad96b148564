// Errors across tabs: the engine's typed errors keep their class and fields on the other side,
// so `isStorageError(e)` and `e.code` work in every tab.

import { AttachmentError, type AttachmentErrorReason } from '../blobs/attachment-error.ts'
import { StorageError } from '../storage/storage-error.ts'
import type { StorageErrorKind } from '../api/storage-error-kind.ts'
import { ClientfulError, type ClientfulErrorCode } from '../util/errors.ts'
import type { WireError } from './tab-protocol.ts'

export function toWire(error: unknown): WireError {
  if (error instanceof StorageError) return { name: error.name, message: error.message, kind: error.kind, location: error.location }
  if (error instanceof AttachmentError) return { name: error.name, message: error.message, reason: error.reason, blob: error.blob }
  if (error instanceof ClientfulError) return { name: error.name, message: error.message, code: error.code }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}

export function fromWire(wire: WireError): Error {
  switch (wire.name) {
    case 'StorageError': {
      // StorageError prefixes its message with the location: take the prefix off again.
      const prefix = `${wire.location}: `
      const message = wire.message.startsWith(prefix) ? wire.message.slice(prefix.length) : wire.message
      return new StorageError(wire.kind as StorageErrorKind, wire.location ?? '', message)
    }
    case 'AttachmentError': {
      const blob = wire.blob ?? ''
      const prefix = `attachment ${blob.slice(0, 8)}…: `
      return new AttachmentError(wire.reason as AttachmentErrorReason, blob, wire.message.startsWith(prefix) ? wire.message.slice(prefix.length) : wire.message)
    }
    case 'ClientfulError':
      return new ClientfulError(wire.code as ClientfulErrorCode, wire.message)
    default: {
      const error = new Error(wire.message)
      error.name = wire.name
      return error
    }
  }
}
