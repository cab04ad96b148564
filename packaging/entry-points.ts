// Every entry point the published packages export, and a few names each must provide: what the
// package tests import in Node, in a Vite build run in Chromium, and through TypeScript.

export interface EntryPoint {
  readonly specifier: string
  readonly names: readonly string[]
  /** Loads in a browser bundle (no Node built-ins). */
  readonly browser: boolean
}

export const ENTRY_POINTS: readonly EntryPoint[] = [
  { specifier: 'clientful', names: ['Clientful', 'Workspace', 'DocHandle', 'toRepoHandle', 'StorageError', 'isCurrentDevice', 'CLIENTFUL_VERSION'], browser: true },
  { specifier: 'clientful/storage', names: ['StorageError', 'withRetries', 'isStorageError'], browser: true },
  { specifier: 'clientful/browser', names: ['openBrowserClient', 'IndexedDBAdapter'], browser: true },
  { specifier: 'clientful/node', names: ['openNodeClient', 'FileStorageAdapter'], browser: false },
  {
    specifier: 'clientful/react',
    names: ['ClientfulProvider', 'WorkspaceProvider', 'useClient', 'useWorkspace', 'useWorkspaces', 'useOpenWorkspace', 'useDocument', 'useStatus', 'useMembership', 'useRefused', 'useAttachment', 'usePresence'],
    browser: true,
  },
  { specifier: 'clientful/devtools', names: ['ClientfulDevtools', 'downloadDiagnosticReport', 'useDiagnostics'], browser: true },
  { specifier: 'clientful/testing', names: ['storageConformanceCases'], browser: true },
  { specifier: 'clientful/testing/node', names: ['startS3rver', 'startRelay', 'startStaticServer', 'startLocalServices'], browser: false },
  { specifier: 'clientful/testing/playwright', names: ['test', 'expect', 'expectConverged', 'openDevice'], browser: false },
  { specifier: '@clientful/storage-memory', names: ['createMemoryStorage'], browser: true },
  { specifier: '@clientful/storage-local', names: ['createLocalFolderStorage', 'openFileUrl'], browser: false },
  { specifier: '@clientful/storage-local/browser', names: ['createFolderHandleStorage'], browser: true },
  { specifier: '@clientful/storage-s3', names: ['createS3Storage', 'openS3Url'], browser: true },
  { specifier: '@clientful/storage-gdrive', names: ['createGdriveStorage', 'openGdriveUrl'], browser: true },
  { specifier: '@clientful/cli', names: ['run', 'openStorageUrl'], browser: false },
  { specifier: '@clientful/relay-protocol', names: ['PROTOCOL_VERSION', 'encodeFrame', 'decodeFrame'], browser: true },
  { specifier: '@clientful/relay', names: ['createRelayServer'], browser: false },
  { specifier: 'create-clientful-app', names: ['scaffold'], browser: false },
]
