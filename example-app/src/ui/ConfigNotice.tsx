// A deployment without ./config.json still works: the user types where the files go. This says
// so on the first screen, and what an operator puts there to fill the forms in for everyone.

import { useServices } from '../app/services.ts'

export function ConfigNotice() {
  const { configFound } = useServices()
  if (configFound) return null
  return (
    <div className="banner config-notice" data-testid="config-missing">
      <span>
        This board has no <code>config.json</code> next to it, so it does not know your team’s storage or relay: enter them below. Whoever hosts the
        board can add one (<code>{'{ "storage": { "url": "s3://…" }, "relay": "wss://…", "google": { "clientId": "…" } }'}</code>) to fill these in for
        everyone.
      </span>
    </div>
  )
}
