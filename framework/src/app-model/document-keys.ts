// The root keys of a document the framework reads and writes beside the app's entries. An app
// document is a set of entries, one root key each (entry id → entry); the framework's own
// keys start with '$' and are flat root keys too, never shared containers: two devices that
// each created a `$trash: {}` map offline would make two competing maps, and one device's
// records would vanish on merge.

/** The document type's name, written once (docs/APP-MODEL.md). */
export const TYPE_KEY = '$type'
/** `$version:N` = true once the document holds data of schema version N (flags only ever add). */
export const VERSION_PREFIX = '$version:'
/** `$trash:KEY` = the record of KEY's move to the trash. */
export const TRASH_PREFIX = '$trash:'
/** `$restored:KEY` = why KEY came back out of the trash by itself (a notice for the user). */
export const RESTORED_PREFIX = '$restored:'
/** The document was erased; its successor (if any) holds what was kept. */
export const ERASED_KEY = '$erased'
/** In a successor: the document it replaced and the heads it was cut at. */
export const PREVIOUS_KEY = '$previous'

export function isEntryKey(key: string): boolean {
  return !key.startsWith('$')
}

export function versionKey(version: number): string {
  return VERSION_PREFIX + version
}

export function trashKey(entry: string): string {
  return TRASH_PREFIX + entry
}

export function restoredKey(entry: string): string {
  return RESTORED_PREFIX + entry
}

/** The entry a `$trash:`/`$restored:` key is about, or undefined for any other key. */
export function entryOfRecordKey(key: string, prefix: typeof TRASH_PREFIX | typeof RESTORED_PREFIX): string | undefined {
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined
}

/** The schema version a `$version:N` key names, or undefined. */
export function versionOfKey(key: string): number | undefined {
  if (!key.startsWith(VERSION_PREFIX)) return undefined
  const n = Number(key.slice(VERSION_PREFIX.length))
  return Number.isSafeInteger(n) && n > 0 ? n : undefined
}

/** Framework messages on changes: maintenance every writer makes the same way (verifiable). */
export const MESSAGES = {
  migrate: 'clientful:migrate',
  compensate: 'clientful:compensate',
  restoreEdited: 'clientful:restore-edited',
  purge: 'clientful:purge',
  trash: 'clientful:trash',
  restore: 'clientful:restore',
  erase: 'clientful:erase',
  pick: 'clientful:pick',
} as const

const MAINTENANCE: ReadonlySet<string> = new Set([MESSAGES.migrate, MESSAGES.compensate, MESSAGES.restoreEdited, MESSAGES.purge])

/** Whether a change is the framework's deterministic upkeep rather than someone's edit. */
export function isMaintenanceMessage(message: string | null | undefined): boolean {
  return message !== null && message !== undefined && MAINTENANCE.has(message)
}

/** Whether a change counts as someone editing what it touched (upkeep and erasure bases do not). */
export function countsAsEdit(message: string | null | undefined): boolean {
  return !isMaintenanceMessage(message) && message !== MESSAGES.erase
}
