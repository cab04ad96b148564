// "Your name here": the display name (and avatar colour and initials) the others see instead of
// this member's id. It is this member's own entry in the workspace's encrypted profiles.

import { MAX_PROFILE_NAME } from 'clientful'
import { useMyRole, useProfiles } from 'clientful/react'
import { useState, type FormEvent } from 'react'
import { AVATAR_COLORS, personView } from '../session/people.ts'
import { useFormAction } from '../session/use-form-action.ts'
import { Avatar } from './Person.tsx'

export function ProfileForm() {
  const { profiles, me, setMine } = useProfiles()
  const role = useMyRole()
  const mine = me === undefined ? undefined : profiles.get(me)
  const [name, setName] = useState(mine?.name ?? '')
  const [color, setColor] = useState<string | undefined>(mine?.color)
  const [initials, setInitials] = useState(mine?.initials ?? '')
  const [saved, setSaved] = useState(false)
  const { busy, error, run } = useFormAction()
  if (me === undefined) return null
  const preview = personView(me, name.trim() === '' ? undefined : { name: name.trim(), ...(color ? { color } : {}), ...(initials.trim() ? { initials: initials.trim() } : {}) })

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    setSaved(false)
    void run(async () => {
      await setMine({ name, ...(color ? { color } : {}), ...(initials.trim() ? { initials: initials.trim() } : {}) })
      setSaved(true)
    })
  }

  return (
    <form className="card profile-form" onSubmit={submit} data-testid="profile-form">
      <h3>Your name here</h3>
      <p className="form-hint">What the others in this workspace see instead of your member id.</p>
      {role === 'reader' && <p className="form-hint">As a reader you cannot change anything in the workspace, your name included: ask an admin to make you a writer.</p>}
      <label htmlFor="profile-name">Display name</label>
      <input id="profile-name" data-testid="profile-name" value={name} maxLength={MAX_PROFILE_NAME} required onChange={(e) => setName(e.target.value)} />
      <span className="label">Avatar colour</span>
      <div className="swatches" role="group" aria-label="Avatar colour">
        {AVATAR_COLORS.map((c) => (
          <button key={c} type="button" className="swatch" style={{ background: c }} aria-label={c} aria-pressed={color === c} onClick={() => setColor(c)} />
        ))}
      </div>
      <label htmlFor="profile-initials">Initials (optional)</label>
      <input id="profile-initials" data-testid="profile-initials" value={initials} maxLength={3} onChange={(e) => setInitials(e.target.value)} />
      <p className="person">
        <Avatar person={preview} /> <span className="person-name">{preview.name}</span>
      </p>
      <button type="submit" data-testid="profile-save" disabled={busy || role === 'reader'}>
        {busy ? 'Saving…' : 'Save'}
      </button>
      {saved && (
        <p className="form-hint" data-testid="profile-saved" role="status">
          Saved: the others see it after their next sync.
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}
