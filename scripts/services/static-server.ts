// Moved to clientful/testing/node (framework/src/testing/node/static-server.ts), where apps' tests use it too.
export * from '../../framework/src/testing/node/static-server.ts'
