/**
 * A real backend process for the fault suite: mock-server/src/main.ts under Node on a free loopback port
 * with its own data folder, so it can be killed with SIGKILL and started again on the same data.
 *
 * The fault suite runs on the embedded SQLite default; a test that wants PostgreSQL passes
 * DATABASE_URL and DATABASE_SCHEMA in `env` (tests/api/durability-pg.test.ts: kill -9 on PostgreSQL).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface ServerProcess {
  url: string
  port: number
  dataDir: string
  child: ChildProcess
  /** What the process wrote, for failure messages. */
  output: () => string
  kill(signal?: NodeJS.Signals): Promise<void>
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-fault-'))
}

export async function startServerProcess(options: { dataDir?: string; port?: number; env?: Record<string, string>; nodeArgs?: string[] } = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? tempDataDir()
  const port = options.port ?? (await freePort())
  let output = ''
  // node itself with tsx's loader (not the tsx CLI, which would run the server in a grandchild that
  // SIGKILL could not reach).
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'mock-server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      H5_DIR: path.join(dataDir, 'no-h5'),
      CONSOLE_DIR: path.join(dataDir, 'no-console'),
      SIM: '0',
      LOG_LEVEL: 'warn',
      LOG_JSON: '1',
      RATE_LIMIT_SCALE: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)))
  child.stderr!.on('data', (chunk) => (output = (output + chunk).slice(-20_000)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`)
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not start within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    url,
    port,
    dataDir,
    child,
    output: () => output,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill(signal)
      }),
  }
}

export async function loginOver(url: string, name: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `dev:${name}` }) })
  if (!res.ok) throw new Error(`login ${name}: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

export interface AcknowledgedTicket {
  token: string
  id: number
  number: string
}

/**
 * kill -9 under load, and the check after: `start()` a server, let `clients` residents file tickets
 * as fast as they can for `loadMs`, SIGKILL the process mid-stream, `start()` it again on the same
 * data and ask for every acknowledged (201) ticket as its reporter. `missing` lists those that did
 * not come back with their number; `server` is the restarted process (the caller stops it).
 */
export async function killNineUnderLoad(options: { start: () => Promise<ServerProcess>; name: string; clients?: number; loadMs?: number }) {
  const { start, name, clients = 6, loadMs = 2500 } = options
  const first = await start()
  const tokens = await Promise.all(Array.from({ length: clients }, (_, i) => loginOver(first.url, `${name}-${i}`)))
  const acknowledged: AcknowledgedTicket[] = []
  let killed = false
  const client = async (token: string, n: number) => {
    for (let i = 0; !killed; i++) {
      try {
        const res = await fetch(`${first.url}/api/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `${name}-${n}-${i}-${crypto.randomUUID()}` },
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
  await new Promise((resolve) => setTimeout(resolve, loadMs))
  await first.kill('SIGKILL')
  killed = true
  await Promise.all(load)

  const server = await start()
  const missing: string[] = []
  for (const ticket of acknowledged) {
    const res = await fetch(`${server.url}/api/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${ticket.token}` } })
    const body = res.ok ? ((await res.json()) as { number: string }) : null
    if (body?.number !== ticket.number) missing.push(`${ticket.id} ${ticket.number}: ${res.status}`)
  }
  return { acknowledged, missing, server }
}
