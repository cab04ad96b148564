// How bytes reach Drive (README.md, "Binary data"): text as it is, anything else as a base64
// data URL. The mock shows why: it corrupts raw binary uploads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDriveMock, type RunningDriveMock } from '../../../scripts/services/drive-mock.ts'
import { createGdriveStorage } from '../src/index.ts'
import { decodePayload, encodePayload } from '../src/payload-encoding.ts'
import { rawDrive, type RawDrive } from './raw-drive.ts'

const DATA_URL = 'data:application/octet-stream;base64,'
const text = (s: string) => new TextEncoder().encode(s)
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

let mock: RunningDriveMock
let raw: RawDrive
beforeAll(async () => {
  mock = await startDriveMock()
  raw = rawDrive(mock)
})
afterAll(() => mock.stop())

async function freshStorage() {
  const root = await mock.createFolder('root')
  const storage = createGdriveStorage({ rootFolderId: root, apiUrl: mock.url, getToken: async () => mock.token, pacing: false })
  const stored = async (path: string) => {
    const id = await raw.idAt(root, path)
    return { bytes: await raw.download(id!), file: await raw.get(id!) }
  }
  return { root, storage, stored }
}

describe('the mock, which is why binary is wrapped', () => {
  it('corrupts bytes of 0x80 and above in a raw multipart upload', async () => {
    const root = await mock.createFolder('root')
    const sent = new Uint8Array([0x00, 0x7f, 0x80, 0xff])
    const file = await raw.createFile(root, 'raw.bin', sent, 'application/octet-stream')
    expect(await raw.download(file.id)).not.toEqual(sent)
  })
})

describe('Google Drive storage, binary data', () => {
  it('stores UTF-8 text (all of Clientful’s JSON) byte for byte, readable in Drive', async () => {
    const { storage, stored } = await freshStorage()
    const json = text('{"title":"Café ✓","n":1}')
    await storage.write('ws/doc.json', json)
    const { bytes, file } = await stored('ws/doc.json')
    expect(bytes).toEqual(json)
    expect(file.mimeType).toBe('application/json')
  })

  it('stores other bytes as a base64 data URL and reads back the exact bytes', async () => {
    const { storage, stored } = await freshStorage()
    const chunk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)
    await storage.write('ws/blobs/b1/0', chunk)
    const { bytes, file } = await stored('ws/blobs/b1/0')
    expect(decode(bytes).startsWith(DATA_URL)).toBe(true)
    expect(file.mimeType).toBe('text/plain')
    expect(await storage.read('ws/blobs/b1/0')).toEqual(chunk)
  })

  it('switches encoding when a file is overwritten with the other kind of content', async () => {
    const { storage, stored } = await freshStorage()
    const [binary, json] = [new Uint8Array([0xff, 0xfe, 0x00]), text('{"ok":true}')]
    await storage.write('x', binary)
    await storage.write('x', json)
    expect((await stored('x')).bytes).toEqual(json)
    expect(await storage.read('x')).toEqual(json)
    await storage.write('x', binary)
    expect(await storage.read('x')).toEqual(binary)
  })

  it('wraps text that itself starts like a data URL, so reading it back is unambiguous', async () => {
    const { storage, stored } = await freshStorage()
    const tricky = text(`${DATA_URL}AAAA`)
    await storage.write('tricky.txt', tricky)
    expect(decode((await stored('tricky.txt')).bytes)).toBe(DATA_URL + btoa(`${DATA_URL}AAAA`))
    expect(await storage.read('tricky.txt')).toEqual(tricky)
  })

  it('reads a wrapped file edited by hand into broken base64 as the raw bytes (verification rejects it upstream)', async () => {
    const { root, storage } = await freshStorage()
    const broken = `${DATA_URL}not base64!`
    await raw.createFile(root, 'edited', broken)
    expect(decode((await storage.read('edited'))!)).toBe(broken)
  })

  it('fails a write when Drive reports storing a different number of bytes than were sent', async () => {
    // The mock re-serialises JSON it can parse ({"a": 1} becomes {"a":1}): real Drive does
    // not, but any server that stores other bytes than sent must fail the write, not hide it.
    const { storage } = await freshStorage()
    await expect(storage.write('pretty.json', text('{"a": 1}'))).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Drive stored 7 bytes of the 8 sent'),
    })
  })
})

describe('encodePayload / decodePayload', () => {
  const seeds = Array.from({ length: 50 }, (_, i) => i + 1)
  it.each(seeds)('round-trips random bytes (seed %i)', (seed) => {
    let x = seed
    const bytes = Uint8Array.from({ length: (seed * 37) % 300 }, () => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24))
    const stored = encodePayload(bytes, 'application/json')
    expect(decodePayload(stored.bytes)).toEqual(bytes)
    // Whatever is stored is valid UTF-8, the one thing every Drive server keeps intact.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(stored.bytes)).not.toThrow()
  })

  it('keeps text as it is and marks its type', () => {
    expect(encodePayload(text('{"a":1}'), 'application/json')).toEqual({ bytes: text('{"a":1}'), mimeType: 'application/json' })
    expect(encodePayload(new Uint8Array(0), 'application/json').bytes).toEqual(new Uint8Array(0))
  })
})
