// What kind of storage failure the app is told about: what the user can do about it.

export type StorageErrorKind =
  | 'unreachable' // network down, DNS, connection refused
  | 'auth' // wrong or expired credentials, revoked token
  | 'missing-root' // bucket or folder does not exist
  | 'quota' // storage full
  | 'throttled' // rate limited: 429, SlowDown, userRateLimitExceeded
  | 'transient' // 5xx and timeouts
  | 'invalid' // a request the storage refused as malformed
  | 'too-large' // a file over the size the reader accepts (ReadOptions.maxBytes)
