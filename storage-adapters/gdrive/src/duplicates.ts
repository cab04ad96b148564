// Drive allows several items with one name in one folder, and its name queries are not
// read-after-write consistent, so two devices (or one restarted device) can create the
// same folder or file twice. These rules make every device pick the same one.

import type { DriveFile } from './drive-files.ts'

const byTimeThenId = (a: DriveFile, b: DriveFile, time: 'createdTime' | 'modifiedTime'): number =>
  a[time] < b[time] ? -1 : a[time] > b[time] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * Copies of one folder, oldest first. All copies are read (their children are merged);
 * new children go into the oldest, so writers converge on one copy.
 */
export function foldersOldestFirst(copies: readonly DriveFile[]): DriveFile[] {
  return [...copies].sort((a, b) => byTimeThenId(a, b, 'createdTime'))
}

/**
 * Copies of one file, winner first: the most recently modified. A file has one writer, so
 * its latest write is the current content; the writer then deletes the other copies.
 */
export function filesFreshestFirst(copies: readonly DriveFile[]): DriveFile[] {
  return [...copies].sort((a, b) => -byTimeThenId(a, b, 'modifiedTime'))
}
