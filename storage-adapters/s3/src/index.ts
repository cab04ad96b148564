export { createS3Storage, type S3StorageOptions } from './s3-storage.ts'
export { openS3Url, parseS3Url, type S3UrlParts } from './s3-url.ts'
