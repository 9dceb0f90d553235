/**
 * The benchmark's server process, so the load generator (autocannon, in the parent) and the server
 * never share one event loop. Prints one `BENCH_READY {json}` line on stdout once it listens on
 * 127.0.0.1 (a free port) and stops on SIGTERM or when stdin closes.
 *
 *   tsx bench/server.ts bare                       a bare Fastify 5 route (the baseline)
 *   tsx bench/server.ts app <facilities> <tickets> <heavyUserTickets>
 *                                                  the real backend (buildApp), seeded
 *
 * The real backend runs with RATE_LIMIT_SCALE=0 (mock-server/src/config.ts: every per-route rate
 * limit off; a resident may otherwise file 20 tickets a minute), the logger silent, the dispatch
 * simulator and the maintenance timer off, and a fresh temporary data folder.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import inspector from 'node:inspector'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '../mock-server/src/app'
import { loadConfig } from '../mock-server/src/config'
import { CATEGORY_SEEDS } from '../mock-server/src/db/seed/categories'
import { seedFacilities } from '../mock-server/src/db/seed/facilities'
import { createRng } from '../mock-server/src/geo/prng'
import { fromWgs84 } from '../mock-server/src/lib/coords'
import { openSqlite } from '../mock-server/src/db/dialect-sqlite'
import { chinaDay } from '../mock-server/src/services/tickets/numbers'
import { createTicket } from '../mock-server/src/services/tickets/create'
import { READY_PREFIX, type AppReady } from './protocol'


async function bare(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false })
  app.get('/bare', async () => ({ ok: true, service: 'bare', items: [1, 2, 3] }))
  return app
}

/**
 * The same-work baselines (#19), in the app's process on a port of their own, measured in the
 * same run as the endpoints they stand beside:
 * - POST /bare/tickets: one better-sqlite3 transaction writing what a filing writes (the day's
 *   counter, the ticket row, its first event) into the app's own database file (same tables,
 *   same indexes, same growth), through a second connection; no validation, no Kysely, no read-back.
 * - GET /bare/nearest: the body GET /api/facilities/nearest answered for the first point,
 *   precomputed, sent as it is.
 */
function sameWorkBaselines(dataDir: string, reporterId: number, nearestBody: string): FastifyInstance {
  const sqlite = openSqlite(dataDir)
  const counter = sqlite.prepare(
    'insert into ticket_counters (day, last) values (?, 1) on conflict (day) do update set last = ticket_counters.last + 1 returning last',
  )
  const ticket = sqlite.prepare(
    `insert into tickets (number, reporter_id, category_id, status, description, lat, lng, street, community, grid_id,
       address_note, source, facility_id, assignee_id, idempotency_key, contact, due_at, created_at, updated_at,
       reopen_count, follower_count, share_public, moderation, moderation_reason)
     values (@number, @reporter, 'exposed_garbage', 'submitted', @description, 23.1, 113.3, '基准街道', '基准社区', 'bench-grid',
       @note, 'app', null, null, @key, null, @due, @at, @at, 0, 0, 0, 'ok', null) returning id`,
  )
  const event = sqlite.prepare(
    `insert into ticket_events (ticket_id, type, actor_role, actor_id, actor_name, note, from_status, to_status, created_at)
     values (?, 'created', 'resident', ?, '市民', null, null, 'submitted', ?)`,
  )
  const file = sqlite.transaction((body: { description?: string; address?: string }, key: string) => {
    const now = new Date()
    const day = chinaDay(now)
    const { last } = counter.get(day) as { last: number }
    const at = now.toISOString()
    const { id } = ticket.get({
      number: `BB${day}-${String(last).padStart(4, '0')}`,
      reporter: reporterId,
      description: String(body.description ?? ''),
      note: body.address ?? null,
      key,
      due: new Date(now.getTime() + 24 * 3600_000).toISOString(),
      at,
    }) as { id: number }
    event.run(id, reporterId, at)
    return id
  })
  const app = Fastify({ logger: false })
  app.post('/bare/tickets', async (request, reply) => {
    const id = file(request.body as { description?: string }, String(request.headers['idempotency-key'] ?? crypto.randomUUID()))
    return reply.status(201).send({ id })
  })
  app.get('/bare/nearest', async (_request, reply) => reply.type('application/json; charset=utf-8').send(nearestBody))
  app.addHook('onClose', async () => sqlite.close())
  return app
}

/** Servers main() closes before the app. */
const closeFirst: (() => Promise<unknown>)[] = []

async function login(app: FastifyInstance, name: string) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: `dev:${name}` } })
  if (res.statusCode !== 200) throw new Error(`login ${name}: ${res.statusCode} ${res.body}`)
  return res.json<{ token: string; user: { id: number; role: 'resident'; displayName: string } }>()
}

async function seededApp(facilities: number, tickets: number, heavyUserTickets: number) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-'))
  const config = {
    ...loadConfig({ RATE_LIMIT_SCALE: '0' }),
    dataDir,
    h5Dir: path.join(dataDir, 'no-h5'),
    logLevel: 'silent',
    sim: false,
  }
  const app = await buildApp(config, { maintenanceIntervalMs: 0 })
  app.addHook('onClose', async () => fs.rmSync(dataDir, { recursive: true, force: true }))

  let started = performance.now()
  await seedFacilities(app.db, { toilets: Math.ceil(facilities / 2), garbagePoints: Math.floor(facilities / 2), geo: app.geo })
  await app.facilities.reloadIndex()
  const seedFacilitiesMs = performance.now() - started

  // Tickets go through the real service (validation, numbering, first event, notifications),
  // spread over 100 residents plus one with many tickets. The heavy resident's are the oldest
  // ones, so "my tickets, newest first" must find them under everybody else's (a long-time user).
  started = performance.now()
  const rng = createRng('bench-tickets')
  const heavy = await login(app, 'bench-heavy')
  const poster = await login(app, 'bench-poster')
  const others = await Promise.all(Array.from({ length: 100 }, (_, i) => login(app, `bench-resident-${i}`)))
  const heavyTicketIds: number[] = []
  for (let i = 0; i < tickets; i++) {
    const owner = i < heavyUserTickets ? heavy : others[i % others.length]
    const point = app.geo.randomPointIn(null, rng)
    const category = CATEGORY_SEEDS[i % CATEGORY_SEEDS.length]
    const { ticketId } = await createTicket(
      app,
      { role: 'resident', id: owner.user.id, name: owner.user.displayName },
      { categoryId: category.id, description: `${category.quickPhrases[0] ?? category.name}（基准测试 ${i}）`, photoIds: [], location: { ...point, coordSystem: 'wgs84' } },
      crypto.randomUUID(),
    )
    if (owner === heavy) heavyTicketIds.push(ticketId)
  }
  const seedTicketsMs = performance.now() - started

  const points = Array.from({ length: 500 }, () => fromWgs84(app.geo.randomPointIn(null, rng), 'gcj02'))
  const ticketBody = {
    categoryId: 'exposed_garbage',
    description: '路边有成堆垃圾，无人清理',
    photoIds: [],
    location: { ...points[0], coordSystem: 'gcj02' },
    address: '基准测试门牌 1 号',
  }
  const first = points[0]
  const nearest = await app.inject({ method: 'GET', url: `/api/facilities/nearest?lat=${first.lat}&lng=${first.lng}&limit=10` })
  if (nearest.statusCode !== 200) throw new Error(`nearest: ${nearest.statusCode} ${nearest.body}`)
  const baselines = sameWorkBaselines(dataDir, poster.user.id, nearest.body)
  await baselines.listen({ host: '127.0.0.1', port: 0 })
  // The app is ready by now (inject), so no more hooks on it: main() closes this one first.
  closeFirst.push(() => baselines.close())

  const ready: Omit<AppReady, 'port'> = {
    sameWorkPort: (baselines.server.address() as AddressInfo).port,
    facilities,
    tickets,
    seedFacilitiesMs,
    seedTicketsMs,
    tokens: { heavy: heavy.token, poster: poster.token },
    heavyTicketIds: heavyTicketIds.slice(0, 200),
    points,
    ticketBody,
  }
  return { app, ready }
}

async function startProfile(file: string): Promise<() => Promise<void>> {
  const session = new inspector.Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))))
  await post('Profiler.enable')
  await post('Profiler.setSamplingInterval', { interval: 200 })
  await post('Profiler.start')
  return async () => {
    const { profile } = (await post('Profiler.stop')) as { profile: object }
    fs.writeFileSync(file, JSON.stringify(profile))
    session.disconnect()
  }
}

async function main() {
  const [mode, ...args] = process.argv.slice(2)
  let app: FastifyInstance
  let extra: object = {}
  if (mode === 'bare') app = await bare()
  else if (mode === 'app') {
    const [facilities, tickets, heavy] = args.map(Number)
    ;({ app, ready: extra } = await seededApp(facilities, tickets, heavy))
  } else throw new Error(`usage: tsx bench/server.ts bare | app <facilities> <tickets> <heavyUserTickets>`)

  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  // BENCH_PROFILE=<file>: a CPU profile of the serving only (seeding excluded), for bench/profile.ts.
  const stopProfile = process.env.BENCH_PROFILE ? await startProfile(process.env.BENCH_PROFILE) : async () => {}
  let closing = false
  const close = () => {
    if (closing) return
    closing = true
    stopProfile()
      .then(() => Promise.all(closeFirst.map((close) => close())))
      .then(() => app.close())
      .then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', close)
  process.stdin.on('end', close)
  process.stdin.resume()
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ ...extra, port })}\n`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
