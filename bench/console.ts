/**
 * The operator console (#11):
 * - first load: the compressed JS a browser downloads before the console can draw (the entry
 *   chunk and the chunks it imports statically; the dashboard's lazy chunk is listed apart),
 *   measured from the .br and .gz files of the build; goal ≤ 250 KB;
 * - first map + queue render at scale: a fresh data folder seeded through Kysely with N open
 *   tickets (full: 20,000) spread over the district's grids in every open status, and all 358
 *   workers on duty with 10 minutes of track; a signed-in dispatcher opens /console/ in headless
 *   Chromium (desktop, no throttling) and the time runs from navigation start until the queue's
 *   first page, the ticket clusters and every worker marker are on screen (page clock); goal ≤ 2 s;
 * - event latency, server to screen: on that page, workers report positions over HTTP at 20 a
 *   second (each to a different worker, ~1 km away so the marker moves by whole pixels); the time
 *   from sending the POST to the marker's element moving on screen (a MutationObserver in the
 *   page, same machine clock); goal p95 ≤ 500 ms.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Insertable } from 'kysely'
import { buildConsole, type ConsoleBuildResult } from '../console/build'
import { buildApp } from '../mock-server/src/app'
import { loadConfig } from '../mock-server/src/config'
import type { TicketsTable } from '../mock-server/src/db/tables/tickets'
import { launchBrowser } from '../tests/helpers/browser'
import { ROOT } from './build'
import { median, quantile } from './stats'
import { atMost, type Row } from './table'

export const CONSOLE_DIST = path.join(ROOT, '.builds/bench/dist-console')
export const FIRST_LOAD_GOAL_KB = 250
export const RENDER_GOAL_MS = 2000
export const SCREEN_LATENCY_GOAL_MS = 500
const SECTION = 'operator console'

/** Entry + statically imported chunks (what index.html loads), and the lazy rest. */
export function firstLoadSizes(consoleDir: string) {
  const html = fs.readFileSync(path.join(consoleDir, 'index.html'), 'utf8')
  const referenced = [...html.matchAll(/(?:src|href)="\/console\/([^"]+\.js)"/g)].map((m) => m[1])
  const allJs = fs
    .readdirSync(path.join(consoleDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`)
  const size = (file: string, ext: '' | '.br' | '.gz') => fs.statSync(path.join(consoleDir, file + ext)).size
  const sum = (files: string[], ext: '' | '.br' | '.gz') => files.reduce((n, f) => n + size(f, ext), 0)
  const lazy = allJs.filter((f) => !referenced.includes(f))
  return {
    files: referenced,
    raw: sum(referenced, ''),
    br: sum(referenced, '.br'),
    gz: sum(referenced, '.gz'),
    lazy: lazy.map((f) => ({ file: f, raw: size(f, ''), br: size(f, '.br'), gz: size(f, '.gz') })),
  }
}

const OPEN_MIX = [
  ['submitted', 0.3],
  ['accepted', 0.15],
  ['dispatched', 0.3],
  ['in_progress', 0.2],
  ['reopened', 0.05],
] as const

/** A small deterministic PRNG (mulberry32), so every run seeds the same district. */
function prng(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `tickets` open tickets and every worker on duty with a 10-minute track, written straight into
 * the tables through Kysely (batched inserts in one transaction): what the console reads.
 */
export async function seedConsoleScale(app: FastifyInstance, tickets: number) {
  const started = performance.now()
  const random = prng(20261125)
  const now = app.clock.now().getTime()
  const iso = (ms: number) => new Date(ms).toISOString()
  const categories = await app.db.selectFrom('categories').select(['id', 'sla_hours']).execute()
  const workers = await app.db.selectFrom('users').select(['id', 'grid_id', 'lat', 'lng']).where('role', '=', 'worker').execute()
  const workerOfGrid = new Map(workers.map((w) => [w.grid_id, w.id]))
  const reporter = await app.db
    .insertInto('users')
    .values({ openid: `bench:console-${crypto.randomUUID()}`, role: 'resident', display_name: '压测市民', grid_id: null, on_duty: 0, lat: null, lng: null, created_at: iso(now) })
    .returning('id')
    .executeTakeFirstOrThrow()
  const grids = app.geo.grids
  const rows: Insertable<TicketsTable>[] = []
  for (let i = 0; i < tickets; i++) {
    const grid = grids[Math.floor(random() * grids.length)]
    // Near the grid's centre (±~250 m), re-resolved so street/community/grid match the point.
    const point = { lat: grid.center.lat + (random() - 0.5) * 0.0045, lng: grid.center.lng + (random() - 0.5) * 0.0045 }
    const address = app.geo.resolve(point) ?? app.geo.resolve(grid.center)!
    let pick = random()
    const status = OPEN_MIX.find(([, share]) => (pick -= share) < 0)?.[0] ?? 'submitted'
    const category = categories[i % categories.length]
    const created = now - Math.floor(random() * 3 * 24 * 3600_000)
    const assigned = status === 'dispatched' || status === 'in_progress'
    rows.push({
      number: `BY${iso(created + 8 * 3600_000).slice(0, 10).replace(/-/g, '')}-B${String(i + 1).padStart(5, '0')}`,
      reporter_id: reporter.id,
      category_id: category.id,
      status,
      description: `压测工单 ${i + 1}`,
      lat: point.lat,
      lng: point.lng,
      street: address.street,
      community: address.community,
      grid_id: address.gridId,
      address_note: null,
      source: 'app' as const,
      facility_id: null,
      assignee_id: assigned ? (workerOfGrid.get(address.gridId) ?? null) : null,
      idempotency_key: null,
      contact: null,
      due_at: iso(created + category.sla_hours * 3600_000),
      created_at: iso(created),
      updated_at: iso(created),
      resolved_at: null,
      closed_at: null,
      escalated_at: null,
      reopen_count: status === 'reopened' ? 1 : 0,
      follower_count: 0,
      rating_score: null,
      rating_tags: null,
      rating_comment: null,
      rated_at: null,
      reject_reason: null,
      moderation_reason: null,
      moderated_at: null,
      moderated_by: null,
    })
  }
  const positions = workers.flatMap((w) =>
    Array.from({ length: 5 }, (_, k) => ({
      worker_id: w.id,
      ticket_id: null,
      lat: (w.lat ?? 23.2) + (k - 2) * 0.0002,
      lng: (w.lng ?? 113.3) + (k - 2) * 0.0002,
      recorded_at: iso(now - (5 - k) * 110_000),
    })),
  )
  await app.db.transaction().execute(async (trx) => {
    for (let at = 0; at < rows.length; at += 500) await trx.insertInto('tickets').values(rows.slice(at, at + 500)).execute()
    for (let at = 0; at < positions.length; at += 500) await trx.insertInto('worker_positions').values(positions.slice(at, at + 500)).execute()
    await trx.updateTable('users').set({ on_duty: 1 }).where('role', '=', 'worker').execute()
  })
  return { tickets, workers: workers.length, ms: performance.now() - started }
}

/** Marks in page time: first queue row, first ticket cluster, and every worker marker drawn. */
const MARKS_SCRIPT = (workers: number) => `(() => {
  const marks = (window.__consoleMarks = {})
  const check = () => {
    const t = performance.now()
    if (!marks.queue && document.querySelector('table.queue tbody tr[data-ticket-id]')) marks.queue = t
    if (!marks.tickets && document.querySelector('.ticket-cluster, .ticket-dot')) marks.tickets = t
    if (!marks.workers && document.querySelectorAll('.worker-dot').length >= ${workers}) marks.workers = t
    if (!marks.grids && document.querySelectorAll('path.leaflet-interactive').length > 100) marks.grids = t
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true })
})()`

/** Records, per worker marker, when its element moved (Date.now(), comparable with the sender's). */
const MOVES_SCRIPT = `(() => {
  const moves = (window.__workerMoves = {})
  new MutationObserver((records) => {
    const t = Date.now()
    for (const r of records) {
      const id = r.target.getAttribute && r.target.getAttribute('data-worker-id')
      if (id) (moves[id] = moves[id] || []).push(t)
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['style'] })
})()`

async function screenLatency(opts: {
  browser: Awaited<ReturnType<typeof launchBrowser>>
  app: FastifyInstance
  url: string
  workers: number
  rate: number
  seconds: number
}) {
  const context = await opts.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  try {
    await context.addCookies([{ ...(await staffCookie(opts.url)), url: opts.url }])
    const page = await context.newPage()
    await page.goto(`${opts.url}/console/#/map`)
    await page.waitForFunction((n) => document.querySelectorAll('.worker-dot').length >= n, opts.workers, { timeout: 60_000 })
    await page.locator('.queue-panel .live-badge', { hasText: '实时更新中' }).waitFor({ timeout: 30_000 })
    await page.evaluate(MOVES_SCRIPT)
    const count = Math.min(opts.rate * opts.seconds, opts.workers)
    const staff = await opts.app.db
      .selectFrom('users')
      .select(['id', 'openid', 'lat', 'lng'])
      .where('role', '=', 'worker')
      .where('lat', 'is not', null)
      .orderBy('id')
      .limit(count)
      .execute()
    const tokens = await Promise.all(
      staff.map(async (w) => (await opts.app.inject({ method: 'POST', url: '/api/auth/login', payload: { code: w.openid } })).json<{ token: string }>().token),
    )
    const sent: { id: number; at: number; status: number }[] = []
    const started = Date.now()
    for (let k = 0; k < staff.length; k++) {
      // Keep the rate: the k-th update leaves at started + k / rate seconds.
      const wait = started + (k * 1000) / opts.rate - Date.now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      const w = staff[k]
      const at = Date.now()
      const res = await fetch(`${opts.url}/api/ops/position`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[k]}` },
        body: JSON.stringify({ location: { lat: w.lat! + 0.01, lng: w.lng! + 0.01, coordSystem: 'wgs84' } }),
      })
      sent.push({ id: w.id, at, status: res.status })
    }
    await page.waitForTimeout(1500)
    const moves = await page.evaluate(() => (window as unknown as { __workerMoves: Record<string, number[]> }).__workerMoves)
    const latencies: number[] = []
    let missed = 0
    for (const s of sent) {
      const moved = (moves[String(s.id)] ?? []).find((t) => t >= s.at)
      if (moved === undefined) missed++
      else latencies.push(moved - s.at)
    }
    return { sent: sent.length, failed: sent.filter((s) => s.status !== 204).length, missed, p50: median(latencies), p95: quantile(latencies, 0.95), max: Math.max(...latencies) }
  } finally {
    await context.close()
  }
}

interface RenderSample {
  queueMs: number
  ticketsMs: number
  workersMs: number
  gridsMs: number
  allMs: number
  /** Where the time went: every request of the load (page clock, ms). */
  resources: { name: string; start: number; end: number; kb: number }[]
}

async function staffCookie(url: string): Promise<{ name: string; value: string }> {
  const res = await fetch(`${url}/api/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'dispatcher', password: process.env.CONSOLE_DISPATCHER_PASSWORD ?? 'yunbaoshi-dispatcher' }),
  })
  if (!res.ok) throw new Error(`console login failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ybs_console='))
  if (!cookie) throw new Error('console login set no session cookie')
  const [pair] = cookie.split(';')
  const at = pair.indexOf('=')
  return { name: pair.slice(0, at), value: pair.slice(at + 1) }
}

export async function consoleRows(opts: {
  consoleDir: string | null
  tickets: number
  runs: number
  /** Position updates per second and for how long, for the server-to-screen latency. */
  eventRate: number
  eventSeconds: number
  log: (line: string) => void
  build?: ConsoleBuildResult
}) {
  const rows: Row[] = []
  const detail: Record<string, unknown> = {}
  if (!opts.consoleDir) return { rows, detail }
  const sizes = firstLoadSizes(opts.consoleDir)
  detail.firstLoad = sizes
  if (opts.build) detail.buildMs = Math.round(opts.build.ms)
  const kb = (n: number) => n / 1024
  rows.push(
    {
      section: SECTION,
      measure: 'first-load JS, brotli',
      value: kb(sizes.br),
      unit: 'KB',
      goal: atMost(kb(sizes.br), FIRST_LOAD_GOAL_KB, `≤ ${FIRST_LOAD_GOAL_KB} KB`),
      note: `${sizes.files.length} files, ${kb(sizes.raw).toFixed(0)} KB minified; gzip ${kb(sizes.gz).toFixed(1)} KB; dashboard chunk (uPlot) loads later: ${sizes.lazy.map((l) => `${kb(l.br).toFixed(1)} KB br`).join(', ')}`,
    },
    { section: SECTION, measure: 'first-load JS, gzip', value: kb(sizes.gz), unit: 'KB', goal: atMost(kb(sizes.gz), FIRST_LOAD_GOAL_KB, `≤ ${FIRST_LOAD_GOAL_KB} KB`) },
  )

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-bench-console-'))
  const app = await buildApp(
    { ...loadConfig({}), dataDir, consoleDir: opts.consoleDir, h5Dir: path.join(dataDir, 'no-h5'), logLevel: 'silent', sim: false, rateLimitScale: 0 },
    { maintenanceIntervalMs: 0 },
  )
  const browser = await launchBrowser()
  try {
    opts.log(`  seeding ${opts.tickets.toLocaleString('en-US')} open tickets and the workers' tracks…`)
    const seeded = await seedConsoleScale(app, opts.tickets)
    detail.seed = seeded
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const url = `http://127.0.0.1:${port}`
    const onDuty = await app.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'worker').where('on_duty', '=', 1).where('lat', 'is not', null).executeTakeFirstOrThrow()
    const workers = Number(onDuty.n)
    const samples: RenderSample[] = []
    for (let run = 0; run < opts.runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
      try {
        await context.addCookies([{ ...(await staffCookie(url)), url }])
        const page = await context.newPage()
        await page.addInitScript(MARKS_SCRIPT(workers))
        await page.goto(`${url}/console/#/map`, { waitUntil: 'commit' })
        const done = await page.waitForFunction(
          () => {
            const m = (window as unknown as { __consoleMarks: Record<string, number> }).__consoleMarks
            return m.queue && m.tickets && m.workers && m.grids ? m : null
          },
          null,
          { timeout: 60_000, polling: 50 },
        )
        const m = (await done.jsonValue()) as { queue: number; tickets: number; workers: number; grids: number }
        const resources = await page.evaluate(() =>
          (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => ({
            name: r.name.replace(location.origin, ''),
            start: Math.round(r.startTime),
            end: Math.round(r.responseEnd),
            kb: Math.round(r.transferSize / 1024),
          })),
        )
        samples.push({ queueMs: m.queue, ticketsMs: m.tickets, workersMs: m.workers, gridsMs: m.grids, allMs: Math.max(m.queue, m.tickets, m.workers, m.grids), resources })
      } finally {
        await context.close()
      }
    }
    detail.render = samples
    const all = median(samples.map((s) => s.allMs))
    opts.log(`  first map + queue render: ${Math.round(all)} ms`)
    rows.push({
      section: SECTION,
      measure: `first map + queue render, ${opts.tickets.toLocaleString('en-US')} open tickets, ${workers} workers`,
      value: all,
      unit: 'ms',
      goal: atMost(all, RENDER_GOAL_MS, '≤ 2 s'),
      note: `median of ${opts.runs}; queue ${Math.round(median(samples.map((s) => s.queueMs)))} ms, clusters ${Math.round(median(samples.map((s) => s.ticketsMs)))} ms, workers ${Math.round(median(samples.map((s) => s.workersMs)))} ms, grids ${Math.round(median(samples.map((s) => s.gridsMs)))} ms; seeded in ${(seeded.ms / 1000).toFixed(1)} s`,
    })

    const latency = await screenLatency({ browser, app, url, workers, rate: opts.eventRate, seconds: opts.eventSeconds })
    detail.screenLatency = latency
    opts.log(`  position → marker on screen: p50 ${Math.round(latency.p50)} ms, p95 ${Math.round(latency.p95)} ms`)
    rows.push({
      section: SECTION,
      measure: `live event latency, server to screen (${opts.eventRate} positions/s), p95`,
      value: latency.p95,
      unit: 'ms',
      goal: atMost(latency.p95, SCREEN_LATENCY_GOAL_MS, '≤ 500 ms'),
      note: `POST /api/ops/position sent → the worker's marker moved in Chromium; ${latency.sent} updates over ${opts.eventSeconds} s, p50 ${Math.round(latency.p50)} ms, max ${Math.round(latency.max)} ms, ${latency.missed} not seen, ${latency.failed} refused`,
    })
    return { rows, detail }
  } finally {
    await browser.close()
    await app.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Builds the console into the bench's own folder (never dist-console, which `npm start` uses). */
export function buildBenchConsole(outDir = CONSOLE_DIST) {
  return buildConsole(outDir)
}
