// The clock seam: where the framework reads the time (`ClientfulOptions.now`, WorkspaceDeps.now,
// the presence hub). Milliseconds since 1970 as a safe integer — every `at` in storage is one
// (docs/FORMAT.md: canonical JSON holds integers only) — never going back within a run.
// Date.now by default; tests pass a clock they move by hand. clientful/testing's
// clockConformanceCases is its suite.

export type Clock = () => number

export const systemClock: Clock = () => Date.now()
