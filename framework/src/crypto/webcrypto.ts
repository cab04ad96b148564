// Kept as an import path for code written before the crypto seam (crypto-provider.ts): these
// primitives now go through the selected provider. New code imports primitives.ts.

export { hkdf, randomBytes, sha256 } from './primitives.ts'
