/**
 * A fresh backend for a test file: its own temporary data folder, no logs, no simulator
 * unless asked. `await app.close()` closes the database; `cleanup()` also deletes the folder.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../../mock-server/src/app'
import { loadConfig, type ServerConfig } from '../../mock-server/src/config'

export async function buildTestApp(overrides: Partial<ServerConfig> = {}) {
  const dataDir = overrides.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-test-'))
  const config: ServerConfig = { ...loadConfig({}), logLevel: 'silent', sim: false, ...overrides, dataDir }
  const app = await buildApp(config)
  const cleanup = async () => {
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { app, config, dataDir, cleanup }
}
