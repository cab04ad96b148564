import { useMemo } from 'react'
import { qrModules } from '../qr/qr-modules.ts'

const QUIET_ZONE = 4 // modules of white around the code, as the standard asks

export function QrCode({ text, label, testId }: { readonly text: string; readonly label: string; readonly testId: string }) {
  const qr = useMemo(() => qrModules(text), [text])
  if (!qr.ok) {
    return (
      <p className="form-hint" data-testid={`${testId}-problem`}>
        No QR code: {qr.problem}
      </p>
    )
  }
  const side = qr.size + 2 * QUIET_ZONE
  return (
    <svg className="qr" viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label} data-testid={testId} shapeRendering="crispEdges">
      <rect width={side} height={side} fill="#fff" />
      <path d={qr.path} transform={`translate(${QUIET_ZONE} ${QUIET_ZONE})`} fill="#000" />
    </svg>
  )
}
