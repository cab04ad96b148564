// clientful/testing/node: local services for an app's tests and development — s3rver, the
// relay, a static server for the built app — in Node. Needs the optional peer dependencies
// `s3rver` and `@clientful/relay`.

export { startS3rver, type RunningS3rver, type S3rverOptions } from './s3rver.ts'
export { startRelay, type RunningRelay } from './relay.ts'
export { startStaticServer, type RunningStaticServer, type StaticServerOptions } from './static-server.ts'
export { startLocalServices, type LocalServices, type LocalServicesOptions, type AppConfig } from './local-services.ts'
export { startEchoServer, type RunningEchoServer } from './echo-server.ts'
