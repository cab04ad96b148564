// A storage URL as people read it: what kind of place, and where (never credentials; the
// test-server parameter of a Drive URL is shown as a detail).

export interface LocationView {
  readonly kind: 's3' | 'gdrive' | 'other'
  readonly label: string
  readonly place: string
  readonly detail: string | undefined
}

export function describeLocation(url: string): LocationView {
  let parsed: URL | undefined
  try {
    parsed = new URL(url)
  } catch {
    parsed = undefined
  }
  if (parsed?.protocol === 's3:') {
    const endpoint = parsed.searchParams.get('endpoint')
    return { kind: 's3', label: 'S3 bucket', place: `s3://${parsed.host}${parsed.pathname}`, detail: endpoint ?? undefined }
  }
  if (parsed?.protocol === 'gdrive:') {
    const api = parsed.searchParams.get('api')
    return { kind: 'gdrive', label: 'Google Drive folder', place: `gdrive://${parsed.host}`, detail: api === null ? undefined : `Drive API at ${api}` }
  }
  return { kind: 'other', label: 'Storage', place: url.split('?')[0] ?? url, detail: undefined }
}
