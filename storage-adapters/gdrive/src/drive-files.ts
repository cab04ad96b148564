// The few Drive v3 calls the adapter needs, typed. Anything addressed by id answers
// undefined when Drive says 404, so callers decide what a missing id means.

import { StorageError, tooLarge } from 'clientful/storage'
import { driveRequest, responseBytes, responseJson, type DriveRequester } from './drive-request.ts'
import { multipartBody } from './multipart.ts'
import type { StoredPayload } from './payload-encoding.ts'

export const FOLDER_MIME = 'application/vnd.google-apps.folder'

export interface DriveFile {
  readonly id: string
  readonly name: string
  readonly mimeType: string
  readonly createdTime: string
  readonly modifiedTime: string
  readonly trashed?: boolean
  /** Bytes stored; absent for folders. A string, as Drive sends int64. */
  readonly size?: string
  /** Bumped by Drive on every change to the file (int64, sent as a string). */
  readonly version?: string | number
}

/**
 * A file's change token: its id (another copy may win after a duplicate is cleaned up) and
 * Drive's version, which every update bumps; the modification time where no version is sent.
 */
export function driveToken(file: DriveFile): string {
  return `${file.id}@${file.version ?? file.modifiedTime}`
}

const FILE_FIELDS = 'id,name,mimeType,createdTime,modifiedTime,trashed,size,version'
const PAGE_SIZE = '1000' // Drive's maximum
// Folders inside shared drives need these; My Drive ignores them.
const ALL_DRIVES = { supportsAllDrives: 'true' }

/** Drive's query language quotes with ' and escapes with \. */
function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

export function createDriveFiles(requester: DriveRequester) {
  const request = (r: Parameters<typeof driveRequest>[1]) => driveRequest(requester, r)
  const json = <T>(response: Response, action: string) => responseJson<T>(requester, response, action)

  return {
    requester,

    async get(id: string, action: string): Promise<DriveFile | undefined> {
      const response = await request({ method: 'GET', path: `/drive/v3/files/${encodeURIComponent(id)}`, query: { fields: FILE_FIELDS, ...ALL_DRIVES }, action, accept: [404] })
      return response.status === 404 ? undefined : json<DriveFile>(response, action)
    },

    /** Every untrashed child of `parentId` (named `name`, if given), across pages. */
    async children(parentId: string, action: string, name?: string): Promise<DriveFile[]> {
      const q = [`${quote(parentId)} in parents`, 'trashed = false', ...(name !== undefined ? [`name = ${quote(name)}`] : [])].join(' and ')
      const found: DriveFile[] = []
      let pageToken: string | undefined
      do {
        const query = {
          q,
          fields: `nextPageToken,incompleteSearch,files(${FILE_FIELDS})`,
          pageSize: PAGE_SIZE,
          includeItemsFromAllDrives: 'true',
          ...ALL_DRIVES,
          ...(pageToken !== undefined && { pageToken }),
        }
        const page = await json<{ files?: DriveFile[]; nextPageToken?: string; incompleteSearch?: boolean }>(
          await request({ method: 'GET', path: '/drive/v3/files', query, action }),
          action,
        )
        // A partial answer would look like deleted files: fail (retryably) instead.
        if (page.incompleteSearch === true) throw new StorageError('transient', requester.location, `${action} failed: Drive returned an incomplete listing`)
        found.push(...(page.files ?? []))
        pageToken = page.nextPageToken
      } while (pageToken !== undefined)
      return found
    },

    async createFolder(parentId: string, name: string, action: string): Promise<DriveFile | undefined> {
      const body = JSON.stringify({ name, mimeType: FOLDER_MIME, parents: [parentId] })
      const response = await request({
        method: 'POST', path: '/drive/v3/files', query: { fields: FILE_FIELDS, ...ALL_DRIVES },
        body, contentType: 'application/json; charset=UTF-8', action, accept: [404],
      })
      return response.status === 404 ? undefined : json<DriveFile>(response, action)
    },

    async createFile(parentId: string, name: string, payload: StoredPayload, action: string): Promise<DriveFile | undefined> {
      const { body, contentType } = multipartBody({ name, parents: [parentId], mimeType: payload.mimeType }, payload.bytes, payload.mimeType)
      const response = await request({
        method: 'POST', path: '/upload/drive/v3/files', query: { uploadType: 'multipart', fields: FILE_FIELDS, ...ALL_DRIVES },
        body, contentType, action, accept: [404],
      })
      return response.status === 404 ? undefined : json<DriveFile>(response, action)
    },

    async update(id: string, payload: StoredPayload, action: string): Promise<DriveFile | undefined> {
      const { body, contentType } = multipartBody({ mimeType: payload.mimeType }, payload.bytes, payload.mimeType)
      const response = await request({
        method: 'PATCH', path: `/upload/drive/v3/files/${encodeURIComponent(id)}`, query: { uploadType: 'multipart', fields: FILE_FIELDS, ...ALL_DRIVES },
        body, contentType, action, accept: [404],
      })
      return response.status === 404 ? undefined : json<DriveFile>(response, action)
    },

    /** `maxStoredBytes` bounds the stored (possibly base64-wrapped) size, checked on the declared length first. */
    async download(id: string, action: string, maxStoredBytes?: number): Promise<Uint8Array | undefined> {
      const response = await request({ method: 'GET', path: `/drive/v3/files/${encodeURIComponent(id)}`, query: { alt: 'media', ...ALL_DRIVES }, action, accept: [404] })
      if (response.status === 404) return undefined
      const declared = Number(response.headers.get('content-length') ?? NaN)
      if (maxStoredBytes !== undefined && declared > maxStoredBytes) {
        await response.body?.cancel()
        throw tooLarge(requester.location, action, declared, maxStoredBytes)
      }
      const bytes = await responseBytes(requester, response, action)
      if (maxStoredBytes !== undefined && bytes.length > maxStoredBytes) throw tooLarge(requester.location, action, bytes.length, maxStoredBytes)
      return bytes
    },

    /** Deleting what is already gone succeeds. */
    async delete(id: string, action: string): Promise<void> {
      const response = await request({ method: 'DELETE', path: `/drive/v3/files/${encodeURIComponent(id)}`, query: ALL_DRIVES, action, accept: [404] })
      await response.body?.cancel()
    },

    async createPermission(fileId: string, permission: object, query: Record<string, string>, action: string): Promise<Response> {
      return request({
        method: 'POST', path: `/drive/v3/files/${encodeURIComponent(fileId)}/permissions`, query: { fields: 'id,role,type,emailAddress', ...ALL_DRIVES, ...query },
        body: JSON.stringify(permission), contentType: 'application/json; charset=UTF-8', action, accept: [404],
      })
    },
  }
}

export type DriveFiles = ReturnType<typeof createDriveFiles>
