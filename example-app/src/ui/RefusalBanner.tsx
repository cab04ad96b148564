// A refusal that just happened (e.g. a reader's edit undone), shown until dismissed or
// replaced by the next one; the full list is on the Refused page.

import type { Rejection } from 'clientful'
import { useState } from 'react'
import { routeHash } from '../routing/hash-route.ts'
import { describeRejection } from '../session/describe-error.ts'

export function RefusalBanner({ refusal }: { readonly refusal: Rejection | undefined }) {
  const [dismissed, setDismissed] = useState<Rejection>()
  if (!refusal || refusal === dismissed) return null
  return (
    <div className="banner banner-warning" data-testid="refusal-banner" data-kind={refusal.kind} role="alert">
      <span>{describeRejection(refusal)}</span>
      <a href={routeHash({ name: 'refused' })}>See everything refused</a>
      <button type="button" className="link" data-testid="refusal-dismiss" onClick={() => setDismissed(refusal)}>
        Dismiss
      </button>
    </div>
  )
}
