// Direct Drive API calls against the mock, for setting up what another device (or a person in
// the Drive UI) would have done, and for looking at what the adapter really stored.

import type { RunningDriveMock } from '../../../scripts/services/drive-mock.ts'

export interface RawFile {
  readonly id: string
  readonly name: string
  readonly mimeType: string
  readonly createdTime: string
  readonly modifiedTime: string
  readonly parents?: string[]
}

export function rawDrive(mock: RunningDriveMock) {
  const auth = { authorization: `Bearer ${mock.token}` }
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(mock.url + path, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } })
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`)
    return response
  }
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => (await (await call(path, init)).json()) as T

  return {
    createFolder: (parent: string, name: string) =>
      json<RawFile>('/drive/v3/files', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, parents: [parent], mimeType: 'application/vnd.google-apps.folder' }),
      }),

    /** A multipart upload with the content as given: what a naive client would send. */
    createFile(parent: string, name: string, content: Uint8Array | string, mimeType = 'text/plain') {
      const boundary = 'raw_drive_boundary_42'
      const head = `--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ name, parents: [parent], mimeType })}\r\n--${boundary}\r\nContent-Type: ${mimeType}\r\n\r\n`
      const body = Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--`)])
      return json<RawFile>('/upload/drive/v3/files?uploadType=multipart', {
        method: 'POST',
        headers: { 'content-type': `multipart/related; boundary=${boundary}` },
        body,
      })
    },

    async children(parent: string): Promise<RawFile[]> {
      const q = encodeURIComponent(`'${parent}' in parents and trashed = false`)
      return (await json<{ files: RawFile[] }>(`/drive/v3/files?q=${q}&pageSize=1000`)).files
    },

    get: (id: string) => json<RawFile & { size: string; trashed: boolean }>(`/drive/v3/files/${id}`),

    download: async (id: string) => new Uint8Array(await (await call(`/drive/v3/files/${id}?alt=media`)).arrayBuffer()),

    patch: (id: string, metadata: object) =>
      json<RawFile>(`/drive/v3/files/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) }),

    /** The id of the file or folder at `path` below `root`, by walking names (first match). */
    async idAt(root: string, path: string): Promise<string | undefined> {
      let id: string | undefined = root
      for (const name of path.split('/')) {
        if (id === undefined) return undefined
        id = (await this.children(id)).find((c) => c.name === name)?.id
      }
      return id
    },
  }
}

export type RawDrive = ReturnType<typeof rawDrive>
