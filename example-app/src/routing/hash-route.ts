// Hash routes, so the built app works from any static host under any sub-path with no
// server rewrites: #/ (board), #/task/<id>, #/j/<short invite link> and #/join/<full invite
// code> (see what you are invited to, then join), #/setup (add a workspace),
// #/trash, #/members, #/devices, #/storage, #/identity, #/refused, #/devtools (not in the nav: a
// read-only panel of what sync is doing, for developers and support), and on a new browser profile
// #/link/<device link code> (become another device of the same person) and #/restore (from
// a recovery kit).

export type Route =
  | { readonly name: 'board' }
  | { readonly name: 'task'; readonly id: string }
  | { readonly name: 'join'; readonly code: string }
  /** A short invite link (clientful's invites/short-invite.ts). */
  | { readonly name: 'invite'; readonly code: string }
  | { readonly name: 'link'; readonly code: string }
  | { readonly name: 'restore' }
  | { readonly name: 'setup' }
  | { readonly name: 'trash' }
  | { readonly name: 'members' }
  | { readonly name: 'devices' }
  | { readonly name: 'storage' }
  | { readonly name: 'identity' }
  | { readonly name: 'refused' }
  | { readonly name: 'devtools' }

/** Routes of the open workspace's pages (the shell shows its header and nav around them). */
export type PageName = 'board' | 'trash' | 'members' | 'devices' | 'storage' | 'identity' | 'refused' | 'devtools'

const PAGES = ['trash', 'members', 'devices', 'storage', 'identity', 'refused', 'devtools'] as const satisfies readonly PageName[]

function isPage(name: string): name is (typeof PAGES)[number] {
  return (PAGES as readonly string[]).includes(name)
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '')
  const [head = '', ...rest] = path.split('/')
  const tail = safeDecode(rest.join('/'))
  if (head === 'task' && tail !== '') return { name: 'task', id: tail }
  if (head === 'join') return { name: 'join', code: tail }
  if (head === 'j') return { name: 'invite', code: tail }
  if (head === 'link') return { name: 'link', code: tail }
  if (head === 'restore') return { name: 'restore' }
  if (head === 'setup') return { name: 'setup' }
  if (isPage(head)) return { name: head }
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
    case 'invite':
      return `#/j/${route.code}`
    case 'link':
      return `#/link/${route.code}`
    default:
      return `#/${route.name}`
  }
}

export function navigate(route: Route): void {
  location.hash = routeHash(route)
}

/** The link a person opens to join: this page's URL (any host, any sub-path) + #/j/<short code>, or #/join/<full code>. */
export function inviteLink(code: string, href: string = location.href): string {
  return `${href.split('#')[0]}${routeHash(code.startsWith('cf1.') ? { name: 'join', code } : { name: 'invite', code })}`
}

/** The link (and QR code) a new device of the same person opens: this page's URL + #/link/<code>. */
export function deviceLinkUrl(code: string, href: string = location.href): string {
  return `${href.split('#')[0]}${routeHash({ name: 'link', code })}`
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
