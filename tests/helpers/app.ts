/**
 * A fresh backend for a test file: its own temporary data folder, no logs, no simulator
 * unless asked. `await app.close()` closes the database; `cleanup()` also deletes the folder.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { buildApp, type AppDependencies } from '../../mock-server/src/app'
import { loadConfig, type ServerConfig } from '../../mock-server/src/config'

export async function buildTestApp(overrides: Partial<ServerConfig> = {}, deps: AppDependencies = {}) {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-test-'))
  const config: ServerConfig = { ...loadConfig({}), logLevel: 'silent', sim: false, ...overrides, dataDir }
  const app = await buildApp(config, deps)
  const cleanup = async () => {
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { app, config, dataDir, cleanup }
}

/** Signs in with a development code (`dev:<name>`) and returns the bearer token and user. */
export async function login(app: FastifyInstance, name: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:${name}` } })
  if (res.statusCode !== 200) throw new Error(`login ${name} failed: ${res.statusCode} ${res.body}`)
  return res.json<{ token: string; user: { id: number; role: string; displayName: string } }>()
}

/** `app.inject` as a signed-in user. */
export function injectAs(app: FastifyInstance, token: string, options: InjectOptions) {
  return app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } })
}
