// A multipart/related upload body (metadata + content in one request, so a file is never
// visible without its content). Built as bytes: the content part is not necessarily text.

export interface MultipartBody {
  readonly body: Uint8Array<ArrayBuffer>
  readonly contentType: string
}

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `clientful_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

export function multipartBody(metadata: object, content: Uint8Array, contentType: string): MultipartBody {
  const encoder = new TextEncoder()
  let boundary = randomBoundary()
  // 128 random bits colliding with the content is not a real risk; checking costs one scan.
  while (contains(content, encoder.encode(`--${boundary}`))) boundary = randomBoundary()
  const head = encoder.encode(
    `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n` +
      `--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
  const body = new Uint8Array(head.length + content.length + tail.length)
  body.set(head, 0)
  body.set(content, head.length)
  body.set(tail, head.length + content.length)
  return { body, contentType: `multipart/related; boundary=${boundary}` }
}
