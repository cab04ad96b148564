// The storage format is a public contract (docs/FORMAT.md). Bump FORMAT_VERSION only with a
// migration; readers refuse anything newer than they understand rather than half-read it.

export const FORMAT_VERSION = 1

export const ROOT_MARKER_PATH = 'clientful.json'

export interface RootMarker {
  readonly format: 'clientful'
  readonly v: number
}

export function rootMarker(): RootMarker {
  return { format: 'clientful', v: FORMAT_VERSION }
}
