// Keeping secrets out of a diagnostic report: storage URLs lose every query value but a few
// harmless ones, and the finished report is checked against the secrets the device holds.

/** Query parameters a storage URL may keep in a report: they locate storage, they grant nothing. */
const HARMLESS_PARAMS = new Set(['endpoint', 'region', 'forcePathStyle', 'api'])

/** The URL without user info and with every other query value replaced by "…". */
export function redactStorageUrl(url: string): string {
  const match = /^([a-z0-9+.-]+:\/\/)(?:[^@/?#]*@)?([^?#]*)(\?[^#]*)?/i.exec(url)
  if (!match) return '(unparseable URL)'
  const [, scheme, rest, query] = match
  if (!query) return `${scheme}${rest}`
  const params = new URLSearchParams(query.slice(1))
  const kept = [...params].map(([key, value]) => `${key}=${HARMLESS_PARAMS.has(key) ? value : '…'}`)
  return `${scheme}${rest}?${kept.join('&')}`
}

/** Cuts a free-text line to `max` characters: error details are for a human, not a dump. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/**
 * Replaces every occurrence of a known secret (credentials the device holds) in the report's
 * JSON. The report is built from non-secret fields only; this is the second line of defence,
 * for a secret that found its way into an error message.
 */
export function withoutSecrets<T>(report: T, secrets: readonly string[]): T {
  const meaningful = secrets.filter((secret) => secret.length >= 8)
  if (meaningful.length === 0) return report
  let json = JSON.stringify(report)
  for (const secret of meaningful) json = json.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]')
  return JSON.parse(json) as T
}
