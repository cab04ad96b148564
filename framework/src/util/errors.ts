// Two kinds of failure: expected ones are typed values (see sync/rejection.ts and
// storage/errors.ts); misuse and unrecoverable conditions throw ClientfulError with a code.

export type ClientfulErrorCode =
  | 'invalid-argument'
  | 'invalid-invite'
  | 'unsupported-format'
  | 'not-a-workspace'
  | 'not-found'
  | 'not-member'
  | 'forbidden'
  | 'storage'
  | 'relay'
  | 'quota'
  /** The device's engine is held by another process (Node) and did not free up in time. */
  | 'busy'
  /** The tab running this device's engine went away before answering; check and try again. */
  | 'interrupted'
  | 'internal'

export class ClientfulError extends Error {
  readonly code: ClientfulErrorCode

  constructor(code: ClientfulErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ClientfulError'
    this.code = code
  }
}

export function invalidArgument(name: string, expectation: string): ClientfulError {
  return new ClientfulError('invalid-argument', `${name} must be ${expectation}`)
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
