// Text → the dark modules of a QR code, as one SVG path (no canvas, no HTML strings). Error
// correction M: a phone camera reads it off a screen, and a device link (~300 characters)
// still fits comfortably.

import qrcode from 'qrcode-generator'

export type QrModules = { readonly ok: true; readonly size: number; readonly path: string } | { readonly ok: false; readonly problem: string }

export function qrModules(text: string): QrModules {
  try {
    const qr = qrcode(0, 'M') // 0: the smallest version that holds the text
    qr.addData(text, 'Byte')
    qr.make()
    const size = qr.getModuleCount()
    let path = ''
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) if (qr.isDark(row, col)) path += `M${col} ${row}h1v1h-1z`
    }
    return { ok: true, size, path }
  } catch {
    return { ok: false, problem: 'too long for a QR code: copy the link instead' }
  }
}
