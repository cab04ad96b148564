// Test helpers shipped with the framework: `clientful/testing` — one conformance suite per seam
// (storage, crypto provider, local persistence, key store, relay transport, clock), each a list of
// runner-agnostic cases that Node and Chromium run alike.

export { storageConformanceCases, type StorageConformanceCase } from './storage-conformance.ts'
export { cryptoConformanceCases, type CryptoConformanceCase } from './crypto-conformance.ts'
export { localPersistenceConformanceCases, type LocalPersistenceConformanceCase, type LocalPersistenceSubject } from './local-persistence-conformance.ts'
export { keyStoreConformanceCases, type KeyStoreConformanceCase, type KeyStoreSubject } from './key-store-conformance.ts'
export { relayTransportConformanceCases, type RelayTransportConformanceCase, type RelayTransportSubject } from './relay-transport-conformance.ts'
export { clockConformanceCases, type ClockConformanceCase } from './clock-conformance.ts'
export { envelopeCryptoConformanceCases, type EnvelopeCryptoConformanceCase, type EnvelopeCryptoSubject } from './envelope-crypto-conformance.ts'
