// "Join with an invite link or code": a pasted link or code opens the join screen, which shows
// what the invite is for before joining. A malformed one is reported before any network call.

import { useState, type FormEvent } from 'react'
import { navigate } from '../routing/hash-route.ts'
import { inviteTarget } from '../session/invite-target.ts'

export interface JoinFormProps {
  readonly onError: (message: string) => void
}

export function JoinForm({ onError }: JoinFormProps) {
  const [code, setCode] = useState('')
  const [problem, setProblem] = useState<string>()

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const text = code.trim()
    const target = inviteTarget(text, undefined)
    if (!target.ok) {
      const message = text === '' ? target.detail : `Invalid invite: ${target.detail.replace(/^invalid invite code: /, '')}`
      setProblem(message)
      return onError(message)
    }
    const short = /#\/j\/([^#\s]+)/.exec(text)?.[1] ?? (target.short ? text : undefined)
    navigate(short !== undefined ? { name: 'invite', code: short } : { name: 'join', code: text.replace(/^.*#\/join\//, '') })
  }

  return (
    <form className="card" onSubmit={submit} data-testid="join-paste-form">
      <h2>Join with an invite link or code</h2>
      <label htmlFor="join-code">Invite link or code</label>
      <textarea id="join-code" data-testid="join-code" value={code} onChange={(e) => setCode(e.target.value)} rows={3} placeholder="https://…#/j/… or cf1.…" />
      <button type="submit" data-testid="join-open">
        Continue
      </button>
      {problem && (
        <p className="form-error" data-testid="join-paste-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}
