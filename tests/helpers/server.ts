/**
 * The real backend listening on a free loopback port, serving the real H5 build (dist-h5) and the
 * console build (dist-console; CONSOLE_DIST names another),
 * for browser tests. Same factory as `npm start`, fresh data folder.
 */
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { buildTestApp } from './app'
import type { ServerConfig } from '../../mock-server/src/config'

export const H5_DIR = path.resolve(__dirname, '../..', process.env.H5_DIST || 'dist-h5')
export const CONSOLE_DIR = path.resolve(__dirname, '../..', process.env.CONSOLE_DIST || 'dist-console')

export async function startTestServer(overrides: Partial<ServerConfig> = {}) {
  const ctx = await buildTestApp({ h5Dir: H5_DIR, consoleDir: CONSOLE_DIR, ...overrides })
  await ctx.app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = ctx.app.server.address() as AddressInfo
  return { ...ctx, url: `http://127.0.0.1:${port}` }
}
