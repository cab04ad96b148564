// #/j/<link> (or #/join/<full code>): what a person is invited to, before anything happens —
// the workspace's name, who invited them, the role — then "Join" with their name. The storage
// access comes with the invite when the admin chose so: nothing to type. A Drive workspace's
// folder is opened with the Google Picker first (the app sees only what the user picks).

import { previewInvite, setProfile, type InvitePreview } from 'clientful'
import { useClient } from 'clientful/react'
import { useEffect, useState, type FormEvent } from 'react'
import { useServices } from '../app/services.ts'
import { describeError } from '../session/describe-error.ts'
import { driveFolderOf, inviteTarget } from '../session/invite-target.ts'
import { withTrialCredentials, type S3Credentials } from '../storage/credential-store.ts'
import { driveStorageUrl, isDriveUrl } from '../storage/drive-folder.ts'
import { pickerNeeded } from '../storage/google-picker.ts'
import { CredentialFields } from './CredentialFields.tsx'
import { InvitePreviewCard } from './InvitePreviewCard.tsx'

export interface JoinScreenProps {
  readonly code: string
  readonly onJoined: (workspaceId: string) => void
  readonly onError: (message: string) => void
  readonly onCancel?: () => void
}

type Step =
  | { readonly step: 'pick'; readonly storage: string | undefined }
  | { readonly step: 'previewing'; readonly storage: string | undefined }
  | { readonly step: 'ready'; readonly preview: InvitePreview }
  | { readonly step: 'joining'; readonly preview: InvitePreview }
  | { readonly step: 'failed'; readonly error: string; readonly needsKeys: boolean; readonly storage: string | undefined }

const PROBLEM_WORDS = { revoked: 'This invite was revoked', 'used-up': 'This invite has been used up', expired: 'This invite has expired' } as const

export function JoinScreen({ code, onJoined, onError, onCancel }: JoinScreenProps) {
  const client = useClient()
  const { config, storage, credentials } = useServices()
  const target = inviteTarget(code, config.storage?.url)
  const drive = target.ok && (target.storage === undefined || isDriveUrl(target.storage)) && storage.pickDriveFolder !== undefined
  const [step, setStep] = useState<Step>(() =>
    drive && pickerNeeded(config.google) ? { step: 'pick', storage: target.ok ? target.storage : undefined } : { step: 'previewing', storage: target.ok ? target.storage : undefined },
  )
  const [name, setName] = useState('')
  const [keys, setKeys] = useState<S3Credentials>({ accessKeyId: '', secretAccessKey: '' })
  const [attempt, setAttempt] = useState(0)

  const fail = (error: string, needsKeys = false, where?: string): void => {
    setStep({ step: 'failed', error, needsKeys, storage: where })
    onError(error)
  }

  useEffect(() => {
    if (!target.ok || step.step !== 'previewing') return
    let current = true
    const where = step.storage
    const run = () => previewInvite(code, { openStorage: storage.open, ...(where ? { storage: where } : {}) })
    const withKeys = where && keys.accessKeyId.trim() !== '' ? () => withTrialCredentials(credentials, where, keys, run) : run
    withKeys().then(
      (result) => {
        if (!current) return
        if (result.ok) return setStep({ step: 'ready', preview: result.value })
        if (result.reason === 'storage') return fail(describeError(result.error), !isDriveUrl(where ?? ''), where)
        fail(result.reason === 'invalid' ? `Invalid invite: ${result.detail}` : `${PROBLEM_WORDS[result.reason]}: ask for a new one`)
      },
      (error: unknown) => current && fail(describeError(error)),
    )
    return () => void (current = false)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new attempt is asked for explicitly
  }, [code, step.step, attempt])

  const pick = async (): Promise<void> => {
    try {
      const picked = await storage.pickDriveFolder?.()
      if (!picked) return
      const expected = target.ok && target.storage ? driveFolderOf(target.storage) : undefined
      if (expected !== undefined && picked.id !== expected) return fail(`“${picked.name}” is not the folder of this invite: pick the folder that was shared with you`)
      setStep({ step: 'previewing', storage: target.ok && target.storage ? target.storage : driveStorageUrl(picked.id, config.google?.apiUrl) })
    } catch (error) {
      fail(describeError(error))
    }
  }

  const join = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (step.step !== 'ready') return
    const { preview } = step
    setStep({ step: 'joining', preview })
    try {
      const workspace = await client.join(preview.code)
      if (name.trim() !== '' && preview.role !== 'reader') await setProfile(workspace, { name }).catch(() => undefined) // asked again on the board
      onJoined(workspace.id)
    } catch (error) {
      fail(describeError(error))
    }
  }

  return (
    <main className="setup" data-testid="join-screen">
      {onCancel && (
        <button type="button" className="link" onClick={onCancel} data-testid="setup-cancel">
          ← Back to the board
        </button>
      )}
      <section className="card">
        <h2>You are invited</h2>
        {!target.ok && (
          <p className="form-hint" data-testid="join-code-problem">
            {target.detail}
          </p>
        )}
        {target.ok && drive && (
          <p className="form-hint" data-testid="join-drive-hint">
            Its files are in a Google Drive folder shared with you: you sign in with Google and open that folder.
          </p>
        )}
        {step.step === 'pick' && (
          <button type="button" data-testid="join-pick-folder" onClick={() => void pick()}>
            Open the shared folder with Google
          </button>
        )}
        {step.step === 'previewing' && target.ok && (
          <p className="loading" data-testid="join-previewing" role="status">
            Looking up the invite…
          </p>
        )}
        {(step.step === 'ready' || step.step === 'joining') && (
          <form onSubmit={(e) => void join(e)} data-testid="join-form">
            <InvitePreviewCard preview={step.preview} />
            {step.preview.role !== 'reader' && (
              <>
                <label htmlFor="join-your-name">Your name (what the team sees)</label>
                <input id="join-your-name" data-testid="join-your-name" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} placeholder="e.g. Sam Ortiz" />
              </>
            )}
            <button type="submit" data-testid="join-submit" disabled={step.step === 'joining'}>
              {step.step === 'joining' ? 'Joining…' : `Join ${step.preview.workspace.name}`}
            </button>
          </form>
        )}
        {(step.step === 'failed' || !target.ok) && (
          <>
            {step.step === 'failed' && (
              <p className="form-error" data-testid="join-error" role="alert">
                {step.error}
              </p>
            )}
            {step.step === 'failed' && step.needsKeys && (
              <form
                onSubmit={(e) => {
                  e.preventDefault()
                  setStep({ step: 'previewing', storage: step.storage })
                  setAttempt((n) => n + 1)
                }}
              >
                <p className="form-hint">This invite brings no storage access and this browser has no keys for its bucket: enter them.</p>
                <CredentialFields idPrefix="join" value={keys} onChange={setKeys} />
                <button type="submit" data-testid="join-retry">
                  Try again
                </button>
              </form>
            )}
            {!target.ok && (
              <button type="button" data-testid="join-submit" onClick={() => fail(`Invalid invite: ${target.detail.replace(/^invalid invite code: /, '')}`)}>
                Join
              </button>
            )}
          </>
        )}
      </section>
    </main>
  )
}
