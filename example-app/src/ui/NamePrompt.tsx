// Until a member has a name here, a line above every page asks for one: the team sees names,
// not keys. Readers cannot write anything, their name included, so they are not asked.

import { useMyRole, useProfiles } from 'clientful/react'
import { useState, type FormEvent } from 'react'
import { useFormAction } from '../session/use-form-action.ts'

export function NamePrompt() {
  const { profiles, me, setMine } = useProfiles()
  const role = useMyRole()
  const [name, setName] = useState('')
  const [dismissed, setDismissed] = useState(false)
  const { busy, error, run } = useFormAction()
  if (me === undefined || profiles.has(me) || dismissed || role === undefined || role === 'reader') return null
  const submit = (event: FormEvent): void => {
    event.preventDefault()
    void run(async () => void (await setMine({ name })))
  }
  return (
    <form className="banner name-prompt" onSubmit={submit} data-testid="name-prompt">
      <label htmlFor="name-prompt-input">What should your team call you?</label>
      <input id="name-prompt-input" data-testid="name-prompt-input" value={name} maxLength={60} required placeholder="Your name" onChange={(e) => setName(e.target.value)} />
      <button type="submit" data-testid="name-prompt-save" disabled={busy}>
        Save
      </button>
      <button type="button" className="link" onClick={() => setDismissed(true)}>
        Later
      </button>
      {error && <span className="form-error">{error}</span>}
    </form>
  )
}
