// Who else has the workspace open right now, and which task each has open (from clientful's
// presence: through the relay, encrypted, never stored; someone who leaves is gone within
// seconds). This device tells the others which page or task it shows.

import type { Presence } from 'clientful'
import { useDocument, usePresence } from 'clientful/react'
import { routeHash, type Route } from '../routing/hash-route.ts'
import { Person } from './Person.tsx'

/** What this device shows the others: the open task, or the page. */
export function presenceOf(route: Route): { readonly task?: string; readonly page: string } {
  return route.name === 'task' ? { task: route.id, page: 'board' } : { page: route.name }
}

export function PresenceBar({ route }: { readonly route: Route }) {
  const others = usePresence(presenceOf(route))
  const [tasks] = useDocument<Record<string, unknown>>('tasks')
  if (others.length === 0) return null
  const titleOf = (id: string): string => {
    const entry = tasks?.[id] as { title?: unknown } | undefined
    return typeof entry?.title === 'string' && entry.title.trim() !== '' ? entry.title : 'a task'
  }
  return (
    <div className="presence-bar" data-testid="presence-bar" data-count={others.length} aria-label="Here now">
      <span>Here now:</span>
      {others.map((presence) => (
        <PresenceItem key={presence.deviceId} presence={presence} titleOf={titleOf} sameTask={route.name === 'task' && taskOf(presence) === route.id} />
      ))}
    </div>
  )
}

function taskOf(presence: Presence): string | undefined {
  const task = (presence.state as { task?: unknown } | null)?.task
  return typeof task === 'string' ? task : undefined
}

function PresenceItem({ presence, titleOf, sameTask }: { readonly presence: Presence; readonly titleOf: (id: string) => string; readonly sameTask: boolean }) {
  const task = taskOf(presence)
  const page = (presence.state as { page?: unknown } | null)?.page
  return (
    <span className="presence-person" data-testid="presence-person" data-device-id={presence.deviceId} data-user-id={presence.userId} data-task={task ?? ''}>
      <Person memberId={presence.userId} small testId="presence-name" />
      {task !== undefined ? (
        <span>
          {sameTask ? 'also on this task' : 'on '}
          {!sameTask && (
            <a href={routeHash({ name: 'task', id: task })} data-testid="presence-task">
              {titleOf(task)}
            </a>
          )}
        </span>
      ) : typeof page === 'string' && page !== 'board' ? (
        <span>on {page}</span>
      ) : null}
    </span>
  )
}
