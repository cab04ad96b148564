// @clientful/storage-local/browser: a local folder in the browser (File System Access API).
export { createFolderHandleStorage } from './browser/folder-handle-storage.ts'
