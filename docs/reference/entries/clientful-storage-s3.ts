/**
 * Storage in an S3-compatible bucket, in Node and the browser.
 *
 * @module @clientful/storage-s3
 */
export * from '../../../storage-adapters/s3/src/index.ts'
