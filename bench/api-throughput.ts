/**
 * API throughput with autocannon (as a library) against bench/server.ts in a child process:
 * a bare Fastify route first and last (the baseline is their mean, so drift during the run shows),
 * the real backend's endpoints in between, all with the same duration and connections.
 */
import { createRequire } from 'node:module'
import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import readline from 'node:readline'
import autocannon, { type Options, type Request, type Result } from 'autocannon'
import type { Scale } from './scale'
import { READY_PREFIX, type AppReady, type BareReady } from './protocol'
import { atLeast, type Row } from './table'

// Node's resolver (the webpack typings in the shared tsconfig shadow `require`).
const nodeRequire = createRequire(__filename)

interface Server<T> {
  ready: T
  stop(): Promise<void>
}

function startServer<T>(args: string[], timeoutMs = 180_000): Promise<Server<T>> {
  const child: ChildProcess = spawn(process.execPath, [nodeRequire.resolve('tsx/cli'), path.join(__dirname, 'server.ts'), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`bench server ${args.join(' ')} not ready in ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.once('exit', (code) => reject(new Error(`bench server ${args.join(' ')} exited with ${code}`)))
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return
      clearTimeout(timer)
      resolve({ ready: JSON.parse(line.slice(READY_PREFIX.length)) as T, stop })
    })
  })
}

function cannon(options: Options): Promise<Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))))
}

export interface Endpoint {
  name: string
  /** The goal, as a ratio of the same-work baseline when there is one (else of bare Fastify). */
  goal?: { ratio: number; text: string }
  request(ready: AppReady): Request
  /** A bare Fastify route doing the same work (bench/server.ts sameWorkBaselines), measured just before. */
  sameWork?: { label: string; request(ready: AppReady): Request }
}

/** Round-robin over a list, for setupRequest. */
const cycle = <T>(items: T[]) => {
  let i = 0
  return () => items[i++ % items.length]
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

export const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /api/facilities/nearest',
    goal: { ratio: 0.5, text: '≥ 50 % of same body' },
    sameWork: { label: 'bare, same JSON body', request: () => ({ method: 'GET', path: '/bare/nearest' }) },
    request: (ready) => {
      const next = cycle(ready.points)
      return {
        method: 'GET',
        setupRequest: (req) => {
          const p = next()
          return { ...req, path: `/api/facilities/nearest?lat=${p.lat}&lng=${p.lng}&limit=10` }
        },
      }
    },
  },
  {
    name: 'POST /api/tickets',
    goal: { ratio: 0.5, text: '≥ 50 % of same writes' },
    sameWork: {
      label: 'bare, same writes',
      request: (ready) => ({
        method: 'POST',
        path: '/bare/tickets',
        body: JSON.stringify(ready.ticketBody),
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': crypto.randomUUID() } }),
      }),
    },
    request: (ready) => ({
      method: 'POST',
      path: '/api/tickets',
      body: JSON.stringify(ready.ticketBody),
      headers: { ...bearer(ready.tokens.poster), 'content-type': 'application/json' },
      // A unique key per request: every request files a new ticket (201), none is a replay.
      setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': crypto.randomUUID() } }),
    }),
  },
  {
    name: 'GET /api/tickets?scope=mine',
    request: (ready) => ({ method: 'GET', path: '/api/tickets?scope=mine', headers: bearer(ready.tokens.heavy) }),
  },
  {
    name: 'GET /api/tickets/:id',
    request: (ready) => {
      const next = cycle(ready.heavyTicketIds)
      return { method: 'GET', headers: bearer(ready.tokens.heavy), setupRequest: (req) => ({ ...req, path: `/api/tickets/${next()}` }) }
    },
  },
]

export interface Measured {
  name: string
  requestsPerSecond: number
  p99Ms: number
  medianMs: number
  total: number
  non2xx: number
  errors: number
  statusCodes: Record<string, number>
}

async function measure(scale: Scale, name: string, url: string, request: Request): Promise<Measured> {
  const common = { url, connections: scale.connections, pipelining: 1, requests: [request] }
  if (scale.warmupSeconds > 0) await cannon({ ...common, duration: scale.warmupSeconds })
  const result = await cannon({ ...common, duration: scale.durationSeconds })
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, (stat as { count: number }).count]))
  return {
    name,
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    medianMs: result.latency.p50,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes,
  }
}

export interface ApiBenchResult {
  rows: Row[]
  detail: { bare: Measured[]; endpoints: Measured[]; sameWork: Record<string, Measured>; seedFacilitiesMs: number; seedTicketsMs: number; facilities: number; tickets: number }
}

export async function benchApi(scale: Scale, log: (line: string) => void): Promise<ApiBenchResult> {
  const section = `API (autocannon, ${scale.connections} connections × ${scale.durationSeconds} s; server with RATE_LIMIT_SCALE=0)`
  const bareServer = await startServer<BareReady>(['bare'])
  const bareUrl = `http://127.0.0.1:${bareServer.ready.port}`
  const bare: Measured[] = []
  const endpoints: Measured[] = []
  const sameWork: Record<string, Measured> = {}
  let ready: AppReady
  try {
    bare.push(await measure(scale, 'bare Fastify (before)', bareUrl, { method: 'GET', path: '/bare' }))
    log(`  bare Fastify: ${Math.round(bare[0].requestsPerSecond)} req/s`)
    log(`  seeding ${scale.facilities} facilities and ${scale.tickets} tickets…`)
    const appServer = await startServer<AppReady>(['app', String(scale.facilities), String(scale.tickets), String(scale.heavyUserTickets)])
    ready = appServer.ready
    log(`  seeded in ${(ready.seedFacilitiesMs / 1000).toFixed(1)} s + ${(ready.seedTicketsMs / 1000).toFixed(1)} s`)
    try {
      const url = `http://127.0.0.1:${ready.port}`
      for (const endpoint of ENDPOINTS) {
        if (endpoint.sameWork) {
          const base = await measure(scale, endpoint.sameWork.label, `http://127.0.0.1:${ready.sameWorkPort}`, endpoint.sameWork.request(ready))
          sameWork[endpoint.name] = base
          log(`  ${endpoint.sameWork.label} (${endpoint.name}): ${Math.round(base.requestsPerSecond)} req/s, p99 ${base.p99Ms} ms, statuses ${JSON.stringify(base.statusCodes)}`)
        }
        const result = await measure(scale, endpoint.name, url, endpoint.request(ready))
        endpoints.push(result)
        log(`  ${endpoint.name}: ${Math.round(result.requestsPerSecond)} req/s, p99 ${result.p99Ms} ms, statuses ${JSON.stringify(result.statusCodes)}`)
      }
    } finally {
      await appServer.stop()
    }
    bare.push(await measure(scale, 'bare Fastify (after)', bareUrl, { method: 'GET', path: '/bare' }))
  } finally {
    await bareServer.stop()
  }

  const bareRps = (bare[0].requestsPerSecond + bare[1].requestsPerSecond) / 2
  const bareP99 = (bare[0].p99Ms + bare[1].p99Ms) / 2
  const rows: Row[] = [
    {
      section,
      measure: 'bare Fastify GET (baseline)',
      value: bareRps,
      unit: 'req/s',
      note: `mean of a run before (${Math.round(bare[0].requestsPerSecond)}) and after (${Math.round(bare[1].requestsPerSecond)}) the endpoints; p99 ${bareP99} ms`,
    },
  ]
  for (const [i, endpoint] of ENDPOINTS.entries()) {
    const m = endpoints[i]
    const same = sameWork[endpoint.name]
    const bareRatio = m.requestsPerSecond / bareRps
    const ratio = same ? m.requestsPerSecond / same.requestsPerSecond : bareRatio
    const failed = m.non2xx + m.errors
    rows.push({
      section,
      measure: `${endpoint.name} throughput`,
      value: m.requestsPerSecond,
      unit: 'req/s',
      baseline: same ? { label: endpoint.sameWork!.label, value: same.requestsPerSecond } : { label: 'bare', value: bareRps },
      ratio,
      // The old comparison with the bare GET, kept beside it so the history stays readable.
      ...(same ? { vsBare: bareRatio } : {}),
      goal: endpoint.goal ? atLeast(ratio, endpoint.goal.ratio, endpoint.goal.text) : undefined,
      note: failed ? `${failed} of ${m.total} responses were not 2xx: ${JSON.stringify(m.statusCodes)}` : undefined,
    })
    rows.push({ section, measure: `${endpoint.name} p99`, value: m.p99Ms, unit: 'ms', baseline: { label: 'bare', value: bareP99 }, ratio: m.p99Ms / bareP99 })
  }
  rows.push({
    section,
    measure: `seeding ${ready!.facilities.toLocaleString('en-US')} facilities + ${ready!.tickets.toLocaleString('en-US')} tickets`,
    value: (ready!.seedFacilitiesMs + ready!.seedTicketsMs) / 1000,
    unit: 's',
    note: `facilities ${(ready!.seedFacilitiesMs / 1000).toFixed(1)} s (generate, insert, index); tickets ${(ready!.seedTicketsMs / 1000).toFixed(1)} s through createTicket()`,
  })
  return {
    rows,
    detail: { bare, endpoints, sameWork, seedFacilitiesMs: ready!.seedFacilitiesMs, seedTicketsMs: ready!.seedTicketsMs, facilities: ready!.facilities, tickets: ready!.tickets },
  }
}
