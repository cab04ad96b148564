// Write windows: which sequence numbers of a device's log its peers apply. The invariant they
// keep is "a device writes only within windows its user's role granted":
//
// - A join or add-device opens a window at 1 when the user's role writes (writer, admin) and the
//   device is not a recovery key; otherwise the window is closed from the start.
// - A role change starts a window at cutoff + 1: open when the new role writes, else closed.
// - A removal closes the window at cutoff + 1, for good.
// - A window closed by a role change or a removal where writes had been allowed is *cut*. An
//   ack { device, seq } from a device that holds write rights re-admits the cut part of the
//   log up to seq — writes its author applied, gap-free, before it learned of the cut — and
//   nothing else: a window closed from the start (a reader's device) is never re-opened, and
//   everything after seq stays closed (and cut, so a later ack can extend it).
//
// Cutoffs and ack sequence numbers are gap-free high-water marks (SeqSet.highWater).

// The window type lives here, not in state.ts, so state imports the window rules and never the reverse.
/** From sequence number `from` on (until the next window), the device's writes are (not) allowed. */
export interface WriteWindow {
  readonly from: number
  readonly write: boolean
  /** Closed by a removal or demotion where writes had been allowed: an ack may re-admit a prefix. */
  readonly cut: boolean
}

export function initialWindows(write: boolean): WriteWindow[] {
  return [{ from: 1, write, cut: false }]
}

/** The window in force at `seq`. */
export function windowAt(windows: readonly WriteWindow[], seq: number): WriteWindow | undefined {
  let found: WriteWindow | undefined
  for (const window of windows) if (window.from <= seq) found = window
  return found
}

/** Windows from `from` on are replaced by one window. */
function override(windows: readonly WriteWindow[], next: WriteWindow): WriteWindow[] {
  return [...windows.filter((w) => w.from < next.from), next]
}

/** Writes allowed from `from` on (a role that writes). */
export function openFrom(windows: readonly WriteWindow[], from: number): WriteWindow[] {
  return override(windows, { from, write: true, cut: false })
}

/** Writes refused from `from` on (a demotion, a removal): a cut where writes were allowed. */
export function closeFrom(windows: readonly WriteWindow[], from: number): WriteWindow[] {
  const before = windowAt(windows, from)
  if (before && (before.write || before.cut)) return override(windows, { from, write: false, cut: true })
  // Closed from the start up to here: that part stays uncut; anything allowed later is cut.
  const laterAllowed = windows.find((w) => w.from > from && (w.write || w.cut))
  const closed = override(windows, { from, write: false, cut: false })
  return laterAllowed ? [...closed, { from: laterAllowed.from, write: false, cut: true }] : closed
}

/**
 * The windows once `seq` is acknowledged: every cut window re-opened up to `seq`. Undefined
 * when the ack would re-admit nothing (no cut window starts at or below `seq`).
 */
export function acknowledge(windows: readonly WriteWindow[], seq: number): WriteWindow[] | undefined {
  if (!windows.some((w) => !w.write && w.cut && w.from <= seq)) return undefined
  const out: WriteWindow[] = []
  const push = (window: WriteWindow): void => {
    const last = out.at(-1)
    if (last && last.write === window.write && last.cut === window.cut) return
    out.push(window)
  }
  for (let i = 0; i < windows.length; i++) {
    const window = windows[i]!
    const end = windows[i + 1]?.from ?? Number.POSITIVE_INFINITY // exclusive
    if (window.write || !window.cut || window.from > seq) {
      push(window)
      continue
    }
    push({ from: window.from, write: true, cut: false })
    if (end > seq + 1) push({ from: seq + 1, write: false, cut: true })
  }
  return out
}
