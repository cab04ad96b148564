// A person as the app shows them everywhere: avatar, display name ("you" marked), and their
// member id only on hover and in details views.

import { useProfiles } from 'clientful/react'
import { personView, type PersonView } from '../session/people.ts'

export function Avatar({ person, small = false }: { readonly person: PersonView; readonly small?: boolean }) {
  return (
    <span className={`avatar${small ? ' small' : ''}`} style={{ background: person.color }} aria-hidden="true">
      {person.initials}
    </span>
  )
}

export interface PersonProps {
  readonly memberId: string
  readonly small?: boolean
  readonly testId?: string
}

export function Person({ memberId, small = false, testId = 'person-name' }: PersonProps) {
  const { profiles, me } = useProfiles()
  const person = personView(memberId, profiles.get(memberId))
  return (
    <span className="person" title={`member ${memberId}`}>
      <Avatar person={person} small={small} />
      <span className="person-name" data-testid={testId} data-named={person.named}>
        {person.name}
        {memberId === me ? ' (you)' : ''}
      </span>
    </span>
  )
}
