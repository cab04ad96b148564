// One engine per device (invariant 12): a Node home is held by one process at a time, so two
// CLI processes never number envelopes from the same counter.
//
// The lock is the file `engine.lock`, created exclusively and naming its holder (pid and
// host). A holder that died (SIGKILL, a crash) is recognised exactly — its pid is gone — and
// its lock is taken over at once; a holder that is merely slow (a long apply blocks its event
// loop) is never robbed, which a lock judged stale by its age could not promise. Taking over
// is serialised by a second, short-lived lock so two waiters cannot both remove a dead
// holder's file and then each other's.

import { hostname } from 'node:os'
import { join } from 'node:path'
import { mkdir, open, readFile, rmdir, stat, unlink } from 'node:fs/promises'
import { delay } from '../../util/async.ts'
import { ClientfulError } from '../../util/errors.ts'

const LOCK_FILE = 'engine.lock'
const TAKEOVER_DIR = 'engine.lock.takeover'
/** A take-over lock this old belongs to a process that died while taking over (it takes ms). */
const TAKEOVER_STALE_MS = 10_000
/** A lock file without a holder this old was left by a process that died while creating it. */
const UNNAMED_STALE_MS = 2_000
const POLL_MS = 50

export interface LockHolder {
  readonly pid: number
  readonly host: string
  readonly since: number
}

export interface HomeLock {
  release(): Promise<void>
}

export interface HomeLockOptions {
  /** How long to wait for another process to finish (default 60 s; 0: do not wait). */
  readonly waitMs?: number
  /** Called once when the home is busy and this process starts waiting. */
  readonly onWait?: (holder: LockHolder) => void
}

export async function lockHome(home: string, options: HomeLockOptions = {}): Promise<HomeLock> {
  const path = join(home, LOCK_FILE)
  const me: LockHolder = { pid: process.pid, host: hostname(), since: Date.now() }
  const deadline = Date.now() + (options.waitMs ?? 60_000)
  let told = false
  for (;;) {
    if (await tryCreate(path, me)) return { release: () => releaseIfMine(path, me) }
    const holder = await readHolder(path)
    if (holder && holder.pid === me.pid && holder.host === me.host) {
      throw new ClientfulError('busy', `the home ${home} is already open in this process`)
    }
    if (holder === undefined || !isAlive(holder)) {
      await takeOver(home, path, holder)
      continue
    }
    if (Date.now() >= deadline) {
      throw new ClientfulError('busy', `the home ${home} is in use by another clientful process (pid ${holder.pid}); try again when it has finished`)
    }
    if (!told) options.onWait?.(holder)
    told = true
    await delay(POLL_MS)
  }
}

async function tryCreate(path: string, me: LockHolder): Promise<boolean> {
  try {
    const file = await open(path, 'wx', 0o600)
    try {
      await file.writeFile(JSON.stringify(me))
      await file.sync()
    } finally {
      await file.close()
    }
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** The holder named in the lock file; undefined when it is gone or half-written. */
async function readHolder(path: string): Promise<LockHolder | undefined> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as Partial<LockHolder>
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'number') return value as LockHolder
  } catch {
    // Missing, or a holder that died between creating and writing it.
  }
  return undefined
}

function isAlive(holder: LockHolder): boolean {
  // Another machine sharing the folder: its pids mean nothing here, so it is assumed alive.
  if (holder.host !== hostname()) return true
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes a dead holder's lock, under the take-over lock so only one waiter does. */
async function takeOver(home: string, path: string, dead: LockHolder | undefined): Promise<void> {
  const guard = join(home, TAKEOVER_DIR)
  try {
    await mkdir(guard)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    if ((await ageOf(guard)) > TAKEOVER_STALE_MS) await rmdir(guard).catch(() => undefined)
    await delay(POLL_MS)
    return
  }
  try {
    // Still the same dead holder (another waiter may have taken over and finished meanwhile)?
    const now = await readHolder(path)
    const stale =
      now === undefined
        ? dead === undefined && (await ageOf(path)) > UNNAMED_STALE_MS // not one being written right now
        : dead !== undefined && now.pid === dead.pid && now.since === dead.since && !isAlive(now)
    if (stale) await unlink(path).catch(() => undefined)
    else await delay(POLL_MS)
  } finally {
    await rmdir(guard).catch(() => undefined)
  }
}

async function ageOf(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined)
  return info ? Date.now() - info.mtimeMs : 0
}

async function releaseIfMine(path: string, me: LockHolder): Promise<void> {
  const holder = await readHolder(path)
  if (holder && holder.pid === me.pid && holder.since === me.since) await unlink(path).catch(() => undefined)
}
