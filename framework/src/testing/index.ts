// Test helpers shipped with the framework: `clientful/testing`.

export { storageConformanceCases, type StorageConformanceCase } from './storage-conformance.ts'
export { cryptoConformanceCases, type CryptoConformanceCase } from './crypto-conformance.ts'
