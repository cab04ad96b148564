import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import type { UserStorage } from 'clientful/storage'
import { storageConformanceCases } from 'clientful/testing'
import { createLocalFolderStorage } from '../src/index.ts'

describe('local folder storage conformance', () => {
  let parent: string
  let storage: UserStorage
  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'clientful-local-'))
    storage = createLocalFolderStorage(join(parent, 'root')) // created by the first write
  })
  afterAll(() => rm(parent, { recursive: true, force: true }))

  for (const conformanceCase of storageConformanceCases()) {
    it(conformanceCase.name, () => conformanceCase.run(storage))
  }
})
