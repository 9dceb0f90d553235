/**
 * Starts the backend: listens on HOST:PORT, prints the URL, and on Ctrl-C (or SIGTERM) stops
 * taking requests, finishes the ones in flight and closes the database.
 */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app'
import type { ServerConfig } from './config'

export async function startServer(config: ServerConfig) {
  const app = await buildApp(config)
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'server closing after an error')
    else app.log.info({ signal }, 'server closing')
    await app.close()
  })
  await app.listen({ host: config.host, port: config.port })
  if (app.code2Session.kind === 'development') {
    // Loud on purpose: anyone can sign in as anyone (dev:<name>) on this server.
    const line = config.production
      ? '  ! NODE_ENV=production without WX_APPID/WX_SECRET: dev: codes are refused, but other codes still get development accounts.'
      : '  ! DEVELOPMENT SIGN-IN IS ON: any "dev:<name>" code signs in as that user (staff included). Set WX_APPID and WX_SECRET and NODE_ENV=production for real WeChat sign-in.'
    console.warn(`\n${'!'.repeat(100)}\n${line}\n${'!'.repeat(100)}`)
    app.log.warn({ production: config.production }, 'development sign-in is on')
  }
  const url = `http://${config.host}:${config.port}`
  console.log(`\n  云报事 is running at ${url}\n  API ${url}/api · docs ${url}/docs · data ${config.dataDir} · simulator ${config.sim ? `on ×${config.simSpeed}` : 'off'}\n`)
  return app
}
