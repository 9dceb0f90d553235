/**
 * A fresh backend for a test file: its own temporary data folder, no logs, no simulator
 * unless asked. `await app.close()` closes the database; `cleanup()` also deletes the folder.
 *
 * The jest project `api-pg` (present when TEST_DATABASE_URL or DATABASE_URL is set) runs the same
 * tests on PostgreSQL: each data folder then also names a schema of its own (created by the app,
 * dropped by cleanup() or after the file), so a restart with the same dataDir finds its data again.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import pg from 'pg'
import { buildApp, type AppDependencies } from '../../mock-server/src/app'
import { loadConfig, type ServerConfig } from '../../mock-server/src/config'

/** The PostgreSQL URL when this test file runs in the api-pg project, else undefined (SQLite). */
export const testDatabaseUrl: string | undefined =
  (globalThis as { YBS_TEST_DIALECT?: string }).YBS_TEST_DIALECT === 'postgres'
    ? process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined
    : undefined
export const onPostgres = testDatabaseUrl !== undefined

const schemaOfDir = new Map<string, string>()
const createdSchemas = new Set<string>()

/** One schema per data folder: `t_<folder name>` (':memory:' gets a random one). */
function schemaFor(dataDir: string): string {
  let schema = schemaOfDir.get(dataDir)
  if (!schema) {
    const stem = dataDir === ':memory:' ? crypto.randomBytes(6).toString('hex') : path.basename(dataDir)
    schema = `t_${stem.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63)
    schemaOfDir.set(dataDir, schema)
  }
  return schema
}

export async function dropTestSchemas(schemas: Iterable<string>): Promise<void> {
  const list = [...schemas]
  if (!testDatabaseUrl || list.length === 0) return
  const client = new pg.Client({ connectionString: testDatabaseUrl })
  await client.connect()
  try {
    for (const schema of list) {
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      createdSchemas.delete(schema)
    }
  } finally {
    await client.end()
  }
}

/** Apps of this file still open: a pg pool keeps the process alive, so whatever a test left open closes after the file. */
const openApps = new Set<FastifyInstance>()

if (onPostgres && typeof afterAll === 'function') {
  afterAll(async () => {
    await Promise.all([...openApps].map((app) => app.close()))
    await dropTestSchemas(createdSchemas)
  })
}

/** The database part of a test config: nothing on SQLite, URL and the folder's schema on PostgreSQL. */
export function testDatabaseConfig(dataDir: string): Partial<ServerConfig> {
  if (!testDatabaseUrl) return {}
  const schema = schemaFor(dataDir)
  createdSchemas.add(schema)
  return { databaseUrl: testDatabaseUrl, databaseSchema: schema }
}

export async function buildTestApp(overrides: Partial<ServerConfig> = {}, deps: AppDependencies = {}) {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-test-'))
  const config: ServerConfig = { ...loadConfig({}), logLevel: 'silent', sim: false, ...testDatabaseConfig(dataDir), ...overrides, dataDir }
  const app = await buildApp(config, deps)
  if (onPostgres) {
    openApps.add(app)
    app.addHook('onClose', async () => void openApps.delete(app))
  }
  const cleanup = async () => {
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
    if (config.databaseSchema && config.databaseUrl === testDatabaseUrl) await dropTestSchemas([config.databaseSchema])
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

export type TestApp = Awaited<ReturnType<typeof buildTestApp>>

/**
 * The before/after block of an API test file in one line: a fresh app built before the file's
 * (or describe's) tests and cleaned up after them. Read `ctx.app` inside tests and hooks:
 *
 *   const ctx = useTestApp({}, { clock, maintenanceIntervalMs: 0 })
 *   beforeAll(async () => { token = (await login(ctx.app, 'alice')).token })   // runs after the build
 */
export function useTestApp(overrides: Partial<ServerConfig> = {}, deps: AppDependencies = {}): TestApp {
  let built: TestApp | undefined
  beforeAll(async () => {
    built = await buildTestApp(overrides, deps)
  })
  afterAll(async () => {
    await built?.cleanup()
    built = undefined
  })
  const current = (): TestApp => {
    if (!built) throw new Error('useTestApp: the app exists inside tests and hooks only (after its beforeAll)')
    return built
  }
  return {
    get app() {
      return current().app
    },
    get config() {
      return current().config
    },
    get dataDir() {
      return current().dataDir
    },
    cleanup: () => current().cleanup(),
  }
}
