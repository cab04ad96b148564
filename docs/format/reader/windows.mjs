// Write windows (FORMAT.md, "Write windows"): which sequence numbers of a device's log may be
// applied. A device's windows are a list of { from, write, cut }, sorted by `from`; each holds
// from its number until the next one's. The invariant: a device writes only within windows its
// user's role granted.

/** A join or add-device: open from #1 for writers and admins, closed from the start otherwise. */
export const initialWindows = (write) => [{ from: 1, write, cut: false }]

/** The window in force at `seq`. */
export function windowAt(windows, seq) {
  let found
  for (const window of windows) if (window.from <= seq) found = window
  return found
}

/** The highest number any window allows: Infinity while the last one is open, 0 if none ever was. */
export function lastWritable(windows) {
  let last = 0
  windows.forEach((window, i) => {
    if (window.write) last = i + 1 < windows.length ? Math.max(last, windows[i + 1].from - 1) : Infinity
  })
  return last
}

// From `next.from` on, one window replaces whatever was there.
const override = (windows, next) => [...windows.filter((w) => w.from < next.from), next]

/** A role that writes, from `from` on. */
export const openFrom = (windows, from) => override(windows, { from, write: true, cut: false })

/**
 * A demotion or removal from `from` on. The closed part is *cut* where writes had been allowed
 * (or already cut), so that an ack may re-admit it; a part closed from the start stays uncut.
 */
export function closeFrom(windows, from) {
  const before = windowAt(windows, from)
  if (before && (before.write || before.cut)) return override(windows, { from, write: false, cut: true })
  const laterAllowed = windows.find((w) => w.from > from && (w.write || w.cut))
  const closed = override(windows, { from, write: false, cut: false })
  return laterAllowed ? [...closed, { from: laterAllowed.from, write: false, cut: true }] : closed
}

/**
 * An ack of `seq`: every cut part up to `seq` re-opens; what follows `seq` stays closed and cut
 * (a later ack may extend it). Undefined when nothing cut starts at or below `seq`: such an ack
 * re-admits nothing and is refused.
 */
export function acknowledge(windows, seq) {
  if (!windows.some((w) => !w.write && w.cut && w.from <= seq)) return undefined
  const out = []
  const push = (window) => {
    const last = out.at(-1)
    if (!last || last.write !== window.write || last.cut !== window.cut) out.push(window)
  }
  windows.forEach((window, i) => {
    const end = windows[i + 1]?.from ?? Infinity // exclusive
    if (window.write || !window.cut || window.from > seq) return push(window)
    push({ from: window.from, write: true, cut: false })
    if (end > seq + 1) push({ from: seq + 1, write: false, cut: true })
  })
  return out
}
