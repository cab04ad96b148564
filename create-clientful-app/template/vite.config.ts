// Vite builds the app as static files (npm run build → dist/, relative paths: host it under any
// path). In development (npm start) it also starts what the app talks to, on this machine: an
// S3-compatible server (s3rver, data in .clientful-dev/s3) and a Clientful relay, and serves
// the config.json that points the app at them.

import { defineConfig, type Plugin } from 'vite'
import wasm from 'vite-plugin-wasm'

export default defineConfig({
  base: './',
  plugins: [wasm(), localServices()],
  worker: { format: 'es', plugins: () => [wasm()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
})

function localServices(): Plugin {
  return {
    name: 'clientful-local-services',
    apply: 'serve',
    async configureServer(server) {
      const { startLocalServices } = await import('clientful/testing/node')
      const services = await startLocalServices({
        s3Dir: '.clientful-dev/s3',
        // Fixed ports: workspaces on the device remember the storage URL, port included.
        s3Port: Number(process.env.CLIENTFUL_S3_PORT ?? 4569),
        relayPort: Number(process.env.CLIENTFUL_RELAY_PORT ?? 8787),
      })
      server.httpServer?.once('close', () => void services.stop())
      const config = JSON.stringify(services.appConfig('app'))
      server.middlewares.use('/config.json', (_request, response) => {
        response.setHeader('Content-Type', 'application/json')
        response.setHeader('Cache-Control', 'no-store')
        response.end(config)
      })
      server.config.logger.info(`  storage  ${services.storageUrl('app')} (data in .clientful-dev/s3)\n  relay    ${services.relay.url}`)
    },
  }
}
