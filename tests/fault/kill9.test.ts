/**
 * kill -9 under load: tickets are filed by several clients at once against a real server process,
 * the process is killed with SIGKILL mid-stream, started again on the same data, and every ticket
 * that was acknowledged (201) must be there, with its number, for its reporter.
 */
import fs from 'node:fs'
import { killNineUnderLoad, startServerProcess, tempDataDir, type ServerProcess } from './server-process'

describe('kill -9 under load', () => {
  let server: ServerProcess | null = null
  const dataDir = tempDataDir()
  afterAll(async () => {
    await server?.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('loses no acknowledged ticket', async () => {
    const run = await killNineUnderLoad({
      name: 'kill9',
      start: async () => (server = await startServerProcess({ dataDir })),
    })
    console.log('kill -9 under load', JSON.stringify({ acknowledged: run.acknowledged.length, missing: run.missing.length }))
    expect(run.acknowledged.length).toBeGreaterThan(10)
    expect(run.missing).toEqual([])
  }, 120_000)
})
