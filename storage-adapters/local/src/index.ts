export { createLocalFolderStorage, openFileUrl } from './local-folder-storage.ts'
