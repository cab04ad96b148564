// "Link a new device": a one-time link (text and QR code of this app's #/link/<code>) that
// makes another browser or phone a device of this same person, in every workspace. While it
// is shown, this device syncs every few seconds so the new device shows up here on its own.

import { useClient } from 'clientful/react'
import { useEffect, useState } from 'react'
import { deviceLinkUrl } from '../routing/hash-route.ts'
import { describeError } from '../session/describe-error.ts'
import { shortId, type UserDevice } from '../session/membership-view.ts'
import { CopyField } from './CopyField.tsx'
import { QrCode } from './QrCode.tsx'

const LINK_LIFETIME_MS = 10 * 60_000
const WATCH_EVERY_MS = 5_000

export interface LinkDevicePanelProps {
  readonly devices: readonly UserDevice[]
  readonly syncNow: () => Promise<boolean>
}

interface PendingLink {
  readonly url: string
  readonly expires: number
  readonly known: ReadonlySet<string>
}

export function LinkDevicePanel({ devices, syncNow }: LinkDevicePanelProps) {
  const client = useClient()
  const [link, setLink] = useState<PendingLink>()
  const [expired, setExpired] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string>()
  const linked = link && devices.find((d) => d.kind === 'device' && !link.known.has(d.deviceId))

  useEffect(() => {
    if (!link || linked || expired) return
    const timer = setInterval(() => {
      if (Date.now() > link.expires) setExpired(true)
      else void syncNow()
    }, WATCH_EVERY_MS)
    return () => clearInterval(timer)
  }, [link, linked, expired, syncNow])

  const create = async (): Promise<void> => {
    setBusy(true)
    setError(undefined)
    try {
      const known = new Set(devices.map((d) => d.deviceId))
      const code = await client.createDeviceLink(LINK_LIFETIME_MS)
      setLink({ url: deviceLinkUrl(code), expires: Date.now() + LINK_LIFETIME_MS, known })
      setExpired(false)
    } catch (failure) {
      setError(describeError(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" data-testid="link-device-panel">
      <h3>Link a new device</h3>
      <p className="form-hint">
        Open the link on the new device (or scan the code with its camera). It becomes another device of yours, in every workspace: whoever opens
        the link acts as you, so do not send it to anyone else. The new browser must have no workspaces yet.
      </p>
      <button type="button" data-testid="link-create" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating…' : link ? 'Create a new link' : 'Create a link'}
      </button>
      {error && (
        <p className="form-error" data-testid="link-create-error" role="alert">
          {error}
        </p>
      )}
      {link && (
        <div className="device-link">
          <QrCode text={link.url} label="QR code of the device link" testId="device-link-qr" />
          <CopyField value={link.url} label="Device link" testId="device-link-url" />
          <p className="form-hint" data-testid="device-link-status" role="status">
            {linked
              ? `Linked: ${shortId(linked.deviceId)} is now one of your devices.`
              : expired
                ? 'This link has expired: create a new one.'
                : `Works once, until ${new Date(link.expires).toLocaleTimeString()}. Waiting for the new device…`}
          </p>
        </div>
      )}
    </section>
  )
}
