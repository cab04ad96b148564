import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { openGdriveUrl, parseGdriveUrl } from '../src/index.ts'

describe('parseGdriveUrl', () => {
  it('reads the folder id, keeping its case, and the API origin', () => {
    expect(parseGdriveUrl('gdrive://1AbC-d_EF?api=http://127.0.0.1:4100')).toEqual({ rootFolderId: '1AbC-d_EF', apiUrl: 'http://127.0.0.1:4100' })
    expect(parseGdriveUrl('gdrive://1AbC-d_EF/')).toEqual({ rootFolderId: '1AbC-d_EF' })
  })

  it.each([
    ['gdrive://user:TOKEN@folder', /credentials/],
    ['https://drive.google.com/drive/folders/abc', /expected gdrive:/],
    ['gdrive://', /no folder id/],
    ['gdrive://fol.der', /no folder id/],
    ['gdrive://folder/sub', /no path/],
    ['gdrive://folder?token=ya29.secret', /unknown parameter "token"/],
    ['gdrive://folder?api=127.0.0.1:4100', /origin/],
    ['gdrive://folder?api=http://127.0.0.1:4100/drive/v3', /origin/],
    ['folder-id', /not a URL/],
  ])('refuses %j', (url, reason) => {
    let thrown: unknown
    try {
      parseGdriveUrl(url)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toMatchObject({ name: 'StorageError', kind: 'invalid', message: expect.stringMatching(reason) })
    expect((thrown as Error).message).not.toMatch(/TOKEN|secret/)
  })
})

describe('openGdriveUrl', () => {
  let mock: RunningDriveMock
  beforeAll(async () => {
    mock = await startDriveMock()
  })
  afterAll(() => mock.stop())

  it('opens the folder with a token, or with a function that refreshes it', async () => {
    const root = await mock.createFolder('root')
    const url = `gdrive://${root}?api=${mock.url}`
    const withToken = await openGdriveUrl(url, mock.token, { pacing: false })
    await withToken.write('a.json', new Uint8Array([0x7b, 0x7d]))
    const withGetter = await openGdriveUrl(url, async () => mock.token)
    expect(withGetter.location).toBe(`gdrive://${root}`)
    expect(await withGetter.read('a.json')).toEqual(new Uint8Array([0x7b, 0x7d]))
  })

  it('refuses an empty token', async () => {
    await expect(openGdriveUrl('gdrive://folder', '')).rejects.toThrow(/token/)
  })
})
