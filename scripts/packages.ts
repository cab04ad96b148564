// The published packages, by folder, each after the packages it imports (the build order).

export const PACKAGE_DIRS = [
  'relay/protocol',
  'relay',
  'framework',
  'storage-adapters/memory',
  'storage-adapters/local',
  'storage-adapters/s3',
  'storage-adapters/gdrive',
  'cli',
  'create-clientful-app',
] as const

export type PackageDir = (typeof PACKAGE_DIRS)[number]
