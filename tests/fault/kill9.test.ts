/**
 * kill -9 under load: tickets are filed by several clients at once against a real server process,
 * the process is killed with SIGKILL mid-stream, started again on the same data, and every ticket
 * that was acknowledged (201) must be there, with its number, for its reporter.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { loginOver, startServerProcess, tempDataDir, type ServerProcess } from './server-process'

const CLIENTS = 6
const LOAD_MS = 2500

describe('kill -9 under load', () => {
  let server: ServerProcess | null = null
  const dataDir = tempDataDir()
  afterAll(async () => {
    await server?.kill('SIGKILL')
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('loses no acknowledged ticket', async () => {
    server = await startServerProcess({ dataDir })
    const tokens = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => loginOver(server!.url, `kill9-${i}`)))
    const acknowledged: { token: string; id: number; number: string }[] = []
    let killed = false
    const client = async (token: string, n: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const res = await fetch(`${server!.url}/api/tickets`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `kill9-${n}-${i}-${crypto.randomUUID()}` },
            body: JSON.stringify({ categoryId: 'exposed_garbage', description: `第${n}号客户端第${i}单`, photoIds: [], location: { lat: 23.17, lng: 113.275, coordSystem: 'gcj02' } }),
          })
          if (res.status === 201) {
            const body = (await res.json()) as { id: number; number: string }
            acknowledged.push({ token, id: body.id, number: body.number })
          }
        } catch {
          // the connection died with the process: that ticket was never acknowledged
        }
      }
    }
    const load = tokens.map((token, n) => client(token, n))
    await new Promise((resolve) => setTimeout(resolve, LOAD_MS))
    await server.kill('SIGKILL')
    killed = true
    await Promise.all(load)
    expect(acknowledged.length).toBeGreaterThan(10)

    server = await startServerProcess({ dataDir })
    const missing: string[] = []
    for (const ticket of acknowledged) {
      const res = await fetch(`${server.url}/api/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${ticket.token}` } })
      const body = res.ok ? ((await res.json()) as { number: string }) : null
      if (body?.number !== ticket.number) missing.push(`${ticket.id} ${ticket.number}: ${res.status}`)
    }
    console.log('kill -9 under load', JSON.stringify({ acknowledged: acknowledged.length, missing: missing.length }))
    expect(missing).toEqual([])
  }, 120_000)
})
