// How the board shows an attachment: as a photo (thumbnail), a PDF or any other file, the
// type it may open as, and its size in words.

import type { AttachmentRef } from 'clientful'

export type AttachmentKind = 'image' | 'pdf' | 'file'

/** Photos larger than this are not fetched just to draw a thumbnail: the user asks for them. */
export const AUTO_PREVIEW_MAX_BYTES = 8 * 1024 * 1024

/** Types that open as themselves (see inlineType). */
const INLINE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'application/pdf'])

export function attachmentKind(ref: Pick<AttachmentRef, 'type' | 'name'>): AttachmentKind {
  if (ref.type.startsWith('image/') && INLINE_TYPES.has(ref.type)) return 'image' // not SVG: see inlineType
  if (ref.type === 'application/pdf' || /\.pdf$/i.test(ref.name)) return 'pdf'
  return 'file'
}

/**
 * The type an attachment opens as. An object URL runs in the app's own origin, so a member
 * could otherwise attach "text/html" or an SVG with scripts and have it run here when opened:
 * only raster images and PDFs open as themselves; anything else is a download.
 */
export function inlineType(type: string): string {
  return INLINE_TYPES.has(type) ? type : 'application/octet-stream'
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
