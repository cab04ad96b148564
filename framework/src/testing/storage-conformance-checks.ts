// Plain checks for the storage conformance suite. No node:assert and no test-runner API, so
// the same cases run under vitest in Node and inside a real browser page.

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Fails with the first differing byte, not a dump of megabytes. */
export function checkBytes(
  actual: Uint8Array | undefined,
  expected: Uint8Array,
  what: string,
): asserts actual is Uint8Array {
  check(actual !== undefined, `${what}: expected ${expected.length} bytes, got no file`)
  check(actual instanceof Uint8Array, `${what}: expected a Uint8Array, got ${typeof actual}`)
  check(actual.length === expected.length, `${what}: expected ${expected.length} bytes, got ${actual.length}`)
  for (let i = 0; i < expected.length; i++) {
    check(actual[i] === expected[i], `${what}: byte ${i} is ${actual[i]}, expected ${expected[i]}`)
  }
}

/** Fails with the first differing entry and both lengths. */
export function checkPaths(actual: readonly string[], expected: readonly string[], what: string): void {
  check(Array.isArray(actual), `${what}: list must return an array`)
  const length = Math.max(actual.length, expected.length)
  for (let i = 0; i < length; i++) {
    check(
      actual[i] === expected[i],
      `${what}: entry ${i} is ${JSON.stringify(actual[i])}, expected ${JSON.stringify(expected[i])} ` +
        `(got ${actual.length} paths, expected ${expected.length})`,
    )
  }
}

/** Deterministic pseudo-random bytes (xorshift32): any mix of two versions is detectable. */
export function patternBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let x = seed >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    bytes[i] = x & 0xff
  }
  return bytes
}

export function randomHex(byteCount: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteCount))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** Code-unit order, the order every adapter's list must return. */
export function sortedPaths(paths: readonly string[]): string[] {
  return [...paths].sort()
}
