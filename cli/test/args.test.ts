// Argument parsing: values that begin with '-' (base64url codes may) are values, not flags.

import { describe, expect, it } from 'vitest'
import { parseCommand, UsageError } from '../src/args.ts'

const OPTIONS = { home: { type: 'string' }, short: { type: 'boolean' } } as const

describe('parseCommand', () => {
  it('takes a positional that begins with a dash (an invite code) as a positional', () => {
    const parsed = parseCommand(['--home', '/h', '-g5ckpDNFXjhUZWwOkWoq5bR.ZmlsZQ'], OPTIONS)
    expect(parsed.positionals).toEqual(['-g5ckpDNFXjhUZWwOkWoq5bR.ZmlsZQ'])
    expect(parsed.flags['home']).toBe('/h')
  })

  it('takes a flag value that begins with a dash as the value', () => {
    expect(parseCommand(['--home', '-odd-folder'], OPTIONS).flags['home']).toBe('-odd-folder')
  })

  it('still refuses unknown flags and one-letter flags with a usage error', () => {
    expect(() => parseCommand(['--nope'], OPTIONS)).toThrow(UsageError)
    expect(() => parseCommand(['-x'], OPTIONS)).toThrow(UsageError)
  })
})
