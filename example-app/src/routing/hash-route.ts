// Hash routes, so the built app works from any static host under any sub-path with no
// server rewrites: #/ (board), #/task/<id>, #/join/<invite code>, #/setup (add a workspace).

export type Route =
  | { readonly name: 'board' }
  | { readonly name: 'task'; readonly id: string }
  | { readonly name: 'join'; readonly code: string }
  | { readonly name: 'setup' }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const [head, ...rest] = path.split('/')
  const tail = safeDecode(rest.join('/'))
  if (head === 'task' && tail !== '') return { name: 'task', id: tail }
  if (head === 'join') return { name: 'join', code: tail }
  if (head === 'setup') return { name: 'setup' }
  return { name: 'board' }
}

export function routeHash(route: Route): string {
  switch (route.name) {
    case 'board':
      return '#/'
    case 'task':
      return `#/task/${encodeURIComponent(route.id)}`
    case 'join':
      return `#/join/${route.code}`
    case 'setup':
      return '#/setup'
  }
}

export function navigate(route: Route): void {
  location.hash = routeHash(route)
}

/** The link another device opens to join: this page's URL (any host, any sub-path) + #/join/<code>. */
export function inviteLink(code: string, href: string = location.href): string {
  return `${href.split('#')[0]}${routeHash({ name: 'join', code })}`
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
