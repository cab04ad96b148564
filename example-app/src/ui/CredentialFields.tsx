// Access key and secret for an S3-compatible bucket. Browsers have no AWS environment, so the
// user (or the deployment's config.json, for a local demo) supplies them; they stay on the device.

import type { S3Credentials } from '../storage/credential-store.ts'

export interface CredentialFieldsProps {
  readonly idPrefix: string
  readonly value: S3Credentials
  readonly onChange: (value: S3Credentials) => void
}

export function CredentialFields({ idPrefix, value, onChange }: CredentialFieldsProps) {
  return (
    <fieldset className="credentials">
      <legend>S3 credentials (kept on this device)</legend>
      <label htmlFor={`${idPrefix}-access-key`}>Access key ID</label>
      <input
        id={`${idPrefix}-access-key`}
        data-testid={`${idPrefix}-access-key`}
        autoComplete="off"
        value={value.accessKeyId}
        onChange={(e) => onChange({ ...value, accessKeyId: e.target.value })}
      />
      <label htmlFor={`${idPrefix}-secret`}>Secret access key</label>
      <input
        id={`${idPrefix}-secret`}
        data-testid={`${idPrefix}-secret`}
        type="password"
        autoComplete="off"
        value={value.secretAccessKey}
        onChange={(e) => onChange({ ...value, secretAccessKey: e.target.value })}
      />
    </fieldset>
  )
}
