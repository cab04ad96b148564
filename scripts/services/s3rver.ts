// Moved to clientful/testing/node (framework/src/testing/node/s3rver.ts), where apps' tests use it too.
export * from '../../framework/src/testing/node/s3rver.ts'
