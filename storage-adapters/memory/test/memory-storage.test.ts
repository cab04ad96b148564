import { describe, expect, it } from 'vitest'
import { StorageError, withRetries, type StorageErrorKind } from 'clientful/storage'
import { storageConformanceCases } from 'clientful/testing'
import { createMemoryStorage, type StorageOperation } from '../src/index.ts'

describe('memory storage conformance', () => {
  const storage = createMemoryStorage()
  for (const conformanceCase of storageConformanceCases()) {
    it(conformanceCase.name, () => conformanceCase.run(storage))
  }
})

describe('memory storage fault injection', () => {
  const failing = (kind: StorageErrorKind) => new StorageError(kind, 'memory://faulty', `injected ${kind}`)

  it('throws the injected error and leaves the file untouched', async () => {
    let fail = false
    const storage = createMemoryStorage('memory://faulty', {
      faults: (operation) => (fail && operation === 'write' ? failing('quota') : undefined),
    })
    await storage.write('a.json', new Uint8Array([1]))
    fail = true
    await expect(storage.write('a.json', new Uint8Array([2]))).rejects.toMatchObject({ kind: 'quota' })
    expect(await storage.read('a.json')).toEqual(new Uint8Array([1]))
  })

  it('passes the operation and the path (the prefix for list) to the hook', async () => {
    const seen: [StorageOperation, string][] = []
    const storage = createMemoryStorage('memory://', { faults: (operation, path) => void seen.push([operation, path]) })
    await storage.write('w/1.json', new Uint8Array())
    await storage.read('w/1.json')
    await storage.list('w/', { startAfter: 'w/0' })
    await storage.delete('w/1.json')
    expect(seen).toEqual([
      ['write', 'w/1.json'],
      ['read', 'w/1.json'],
      ['list', 'w/'],
      ['delete', 'w/1.json'],
    ])
  })

  it('lets withRetries ride out a throttled spell', async () => {
    let throttledCalls = 2
    const storage = createMemoryStorage('memory://faulty', {
      faults: () => (throttledCalls-- > 0 ? failing('throttled') : undefined),
    })
    const retries: unknown[] = []
    const retried = withRetries(storage, { attempts: 3, baseMs: 1, capMs: 1, onRetry: (error) => retries.push(error) })
    await retried.write('r.json', new Uint8Array([7]))
    expect(retries).toHaveLength(2)
    expect(await storage.read('r.json')).toEqual(new Uint8Array([7]))
  })
})
