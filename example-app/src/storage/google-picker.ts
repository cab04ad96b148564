// Opening a Drive folder someone shared, with the drive.file scope: the app may use only
// folders it created or that the user picked with the Google Picker, so a member opens the
// team's folder through the Picker once (the folder's files then work for the app too).
// The Picker needs the deployment's API key and Cloud project number (config.json's
// google.apiKey and google.appId) besides the OAuth client id.
//
// LOCAL TESTING ONLY: with config.json's google.token (a Drive API test server), a test may
// install window.__clientfulTestPicker to answer for the Picker; without it, no picking is
// asked for (the test server has no per-app access to grant).

import { StorageError } from 'clientful'
import type { GoogleConfig } from '../config/runtime-config.ts'

export interface PickedFolder {
  readonly id: string
  readonly name: string
}

/** Resolves to the folder the user picked, or undefined when they closed the Picker. */
export type FolderPicker = (token: string) => Promise<PickedFolder | undefined>

declare global {
  interface Window {
    /** LOCAL TESTING ONLY (see above). */
    __clientfulTestPicker?: () => Promise<PickedFolder | undefined>
    gapi?: { load(name: string, callback: () => void): void }
  }
}

const GAPI_SCRIPT = 'https://apis.google.com/js/api.js'
const FOLDER_MIME = 'application/vnd.google-apps.folder'

/** undefined when this deployment offers no Picker (then a shared folder needs the broader drive scope). */
export function createFolderPicker(config: GoogleConfig | undefined): FolderPicker | undefined {
  if (config?.token !== undefined) return testPicker
  if (config?.clientId === undefined || config.apiKey === undefined || config.appId === undefined) return undefined
  const { apiKey, appId } = config
  return (token) => googlePicker(token, apiKey, appId)
}

/** Whether picking is needed at all: always with the real Picker; in tests, only when the test installed one. */
export function pickerNeeded(config: GoogleConfig | undefined): boolean {
  return config?.token === undefined || window.__clientfulTestPicker !== undefined
}

const testPicker: FolderPicker = async () => {
  const answer = window.__clientfulTestPicker
  if (!answer) throw new StorageError('auth', 'gdrive://', 'no Picker in this test deployment')
  return answer()
}

interface PickerData {
  readonly action: string
  readonly docs?: readonly { readonly id: string; readonly name?: string }[]
}

interface PickerNamespace {
  readonly Action: { readonly PICKED: string; readonly CANCEL: string }
  readonly ViewId: { readonly FOLDERS: string }
  DocsView: new (viewId: string) => { setSelectFolderEnabled(on: boolean): unknown; setIncludeFolders(on: boolean): unknown; setMimeTypes(types: string): unknown }
  PickerBuilder: new () => PickerBuilder
}

interface PickerBuilder {
  addView(view: unknown): PickerBuilder
  setOAuthToken(token: string): PickerBuilder
  setDeveloperKey(key: string): PickerBuilder
  setAppId(id: string): PickerBuilder
  setTitle(title: string): PickerBuilder
  setCallback(callback: (data: PickerData) => void): PickerBuilder
  build(): { setVisible(visible: boolean): void }
}

async function googlePicker(token: string, apiKey: string, appId: string): Promise<PickedFolder | undefined> {
  const picker = await loadPicker()
  return new Promise((resolve) => {
    const view = new picker.DocsView(picker.ViewId.FOLDERS)
    view.setSelectFolderEnabled(true)
    view.setIncludeFolders(true)
    view.setMimeTypes(FOLDER_MIME)
    new picker.PickerBuilder()
      .addView(view)
      .setOAuthToken(token)
      .setDeveloperKey(apiKey)
      .setAppId(appId)
      .setTitle('Open the team’s folder')
      .setCallback((data) => {
        if (data.action === picker.Action.PICKED) {
          const doc = data.docs?.[0]
          resolve(doc ? { id: doc.id, name: doc.name ?? doc.id } : undefined)
        } else if (data.action === picker.Action.CANCEL) resolve(undefined)
      })
      .build()
      .setVisible(true)
  })
}

let loading: Promise<PickerNamespace> | undefined

function loadPicker(): Promise<PickerNamespace> {
  loading ??= new Promise<PickerNamespace>((resolve, reject) => {
    const fail = (): void => {
      loading = undefined
      reject(new StorageError('unreachable', 'gdrive://', 'the Google Picker could not be loaded (offline?)'))
    }
    const ready = (): void => window.gapi!.load('picker', () => {
      const picker = (window as unknown as { google?: { picker?: PickerNamespace } }).google?.picker
      if (picker) resolve(picker)
      else fail()
    })
    if (window.gapi) return ready()
    const script = document.createElement('script')
    script.src = GAPI_SCRIPT
    script.async = true
    script.onload = ready
    script.onerror = fail
    document.head.append(script)
  })
  return loading
}
