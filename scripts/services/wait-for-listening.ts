// Moved to clientful/testing/node (framework/src/testing/node/wait-for-listening.ts), where apps' tests use it too.
export * from '../../framework/src/testing/node/wait-for-listening.ts'
