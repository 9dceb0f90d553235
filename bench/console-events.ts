/**
 * Live-event latency of the console stream (GET /api/ops/events), server to client: with N open
 * tickets seeded, an SSE client listens over a real socket while workers report positions at a
 * steady rate over HTTP (20 a second by default); each position is matched to its SSE message and
 * the time from sending the POST to receiving the message is recorded. A few resident reports are
 * timed the same way (POST /api/tickets → `event: ticket`).
 *
 *   npx tsx bench/console-events.ts [--rate 20] [--seconds 15] [--tickets 20000]
 *
 * The server, the load and the client share one process (one event loop): the figures include
 * that contention, so they are an upper bound of what a separate client would see.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { TicketLiveData, WorkerPositionLiveData } from '@contract/console'
import { buildApp } from '../mock-server/src/app'
import { loadConfig } from '../mock-server/src/config'
import { openSse } from '../tests/helpers/sse'
import { seedConsoleScale } from './console'
import { median, quantile } from './stats'

export const EVENT_LATENCY_GOAL_MS = 500

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 ? Number(process.argv[at + 1]) : fallback
}

export async function consoleEventLatency(opts: { rate: number; seconds: number; tickets: number; log: (line: string) => void }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-events-'))
  const app = await buildApp({ ...loadConfig({}), dataDir, logLevel: 'silent', sim: false, rateLimitScale: 0 }, { maintenanceIntervalMs: 0 })
  try {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    if (opts.tickets) {
      opts.log(`  seeding ${opts.tickets.toLocaleString('en-US')} open tickets…`)
      await seedConsoleScale(app, opts.tickets)
    }
    const token = async (code: string) => {
      const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) })
      return ((await res.json()) as { token: string; user: { id: number } })
    }
    const dispatcher = await token('dev:dispatcher')
    const workers = await Promise.all(Array.from({ length: 20 }, (_, i) => token(`dev:worker-${i + 1}`)))
    const resident = await token('dev:bench-events')
    const client = await openSse(`${base}/api/ops/events?coordSystem=wgs84`, { authorization: `Bearer ${dispatcher.token}` })
    if (client.status !== 200) throw new Error(`SSE answered ${client.status}`)

    const positionLatencies: number[] = []
    const sent = new Map<string, number>()
    let lost = 0
    const total = Math.round(opts.rate * opts.seconds)
    const grid = app.geo.grids[0].center
    opts.log(`  ${total} position updates at ${opts.rate}/s…`)
    const started = performance.now()
    const posts: Promise<unknown>[] = []
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / opts.rate
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const worker = workers[i % workers.length]
      const lng = Math.round((grid.lng + i * 1e-6) * 1e6) / 1e6
      const key = `${worker.user.id}:${lng}`
      sent.set(key, performance.now())
      const waitFor = client
        .waitFor((m) => m.event === 'worker.position' && (() => {
          const data = JSON.parse(m.data) as WorkerPositionLiveData
          return `${data.workerId}:${data.location.lng}` === key
        })(), 5000)
        .then((m) => positionLatencies.push(m.receivedAt - sent.get(key)!))
        .catch(() => lost++)
      posts.push(
        fetch(`${base}/api/ops/position`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${worker.token}` },
          body: JSON.stringify({ location: { lat: grid.lat, lng, coordSystem: 'wgs84' } }),
        }).then((res) => {
          if (res.status !== 204) throw new Error(`position answered ${res.status}`)
        }),
        waitFor,
      )
    }
    await Promise.all(posts)
    const elapsed = (performance.now() - started) / 1000

    const ticketLatencies: number[] = []
    const center = app.geo.grids[5].center
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now()
      const res = await fetch(`${base}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${resident.token}`, 'idempotency-key': crypto.randomUUID() },
        body: JSON.stringify({ categoryId: 'exposed_garbage', description: '压测', photoIds: [], location: { ...center, coordSystem: 'wgs84' } }),
      })
      const { id } = (await res.json()) as { id: number }
      const message = await client.waitFor((m) => m.event === 'ticket' && (JSON.parse(m.data) as TicketLiveData).ticket.id === id, 5000)
      ticketLatencies.push(message.receivedAt - t0)
    }
    client.close()

    // The console's first requests at this scale (median of 5, warm).
    const endpoints: Record<string, number> = {}
    for (const url of ['/api/ops/tickets', '/api/ops/map/tickets?coordSystem=wgs84', '/api/ops/map/grids', '/api/ops/map/workers?onDuty=true', '/api/ops/kpi']) {
      const samples: number[] = []
      for (let i = 0; i < 6; i++) {
        const t0 = performance.now()
        const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${dispatcher.token}` } })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
        if (i > 0) samples.push(performance.now() - t0)
      }
      endpoints[url] = Math.round(median(samples))
    }
    return {
      endpoints,
      rate: opts.rate,
      achievedRate: Math.round((total / elapsed) * 10) / 10,
      positions: positionLatencies.length,
      lost,
      positionP50: median(positionLatencies),
      positionP95: quantile(positionLatencies, 0.95),
      positionMax: Math.max(...positionLatencies),
      ticketP50: median(ticketLatencies),
      ticketMax: Math.max(...ticketLatencies),
      openTickets: opts.tickets,
    }
  } finally {
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

if (process.argv[1]?.endsWith('console-events.ts')) {
  const log = (line: string) => process.stderr.write(`${line}\n`)
  consoleEventLatency({ rate: arg('rate', 20), seconds: arg('seconds', 15), tickets: arg('tickets', 20_000), log })
    .then((result) => {
      const ms = (n: number) => `${n.toFixed(1)} ms`
      console.log(JSON.stringify(result))
      console.log(
        `console events: position → SSE p50 ${ms(result.positionP50)}, p95 ${ms(result.positionP95)} (goal ≤ ${EVENT_LATENCY_GOAL_MS} ms server → screen), ` +
          `max ${ms(result.positionMax)}, ${result.positions} received, ${result.lost} lost, at ${result.achievedRate}/s with ${result.openTickets} open tickets; ` +
          `new report → SSE p50 ${ms(result.ticketP50)}, max ${ms(result.ticketMax)}`,
      )
      console.log(`endpoints (median ms): ${Object.entries(result.endpoints).map(([url, value]) => `${url} ${value}`).join(', ')}`)
    })
    .catch((error) => {
      console.error(error)
      process.exit(1)
    })
}
