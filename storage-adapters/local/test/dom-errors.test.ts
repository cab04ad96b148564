// File System Access failures that a test cannot provoke on the origin private file system
// (permission revoked, disk full), as the browser raises them: DOMExceptions by name.
import { describe, expect, it } from 'vitest'
import { StorageError } from 'clientful/storage'
import { storageErrorFromDom } from '../src/browser/dom-errors.ts'

describe('storageErrorFromDom', () => {
  it.each([
    ['NotAllowedError', 'auth', false],
    ['SecurityError', 'auth', false],
    ['QuotaExceededError', 'quota', false],
    ['NotFoundError', 'missing-root', false],
    ['TypeMismatchError', 'invalid', false],
    ['InvalidModificationError', 'invalid', false],
    ['NoModificationAllowedError', 'transient', true],
    ['NotReadableError', 'transient', true],
    ['SomethingNewError', 'transient', true],
  ])('%s becomes %s', (name, kind, retryable) => {
    const error = new DOMException(`a ${name}`, name)
    expect(storageErrorFromDom(error, 'folder://Notes', 'write a.json')).toMatchObject({
      kind,
      retryable,
      location: 'folder://Notes',
      message: `folder://Notes: write a.json failed (${name}): a ${name}`,
      cause: error,
    })
  })

  it('passes StorageErrors through unchanged', () => {
    const original = new StorageError('missing-root', 'folder://Notes', 'the folder no longer exists')
    expect(storageErrorFromDom(original, 'folder://Notes', 'read a.json')).toBe(original)
  })
})
