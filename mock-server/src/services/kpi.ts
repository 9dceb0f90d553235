/**
 * The dashboard's KPIs (数据看板), computed in ONE place for the console (GET /api/ops/kpi, its CSV)
 * and the resident transparency page (#15). A pure service over the database and a clock: no
 * Fastify, no request. Definitions: contract/kpi.ts (KPI_DEFINITIONS); in short, for a period
 * [from 00:00, to 24:00) in China time, rejected tickets left out of every rate:
 *
 * - 按时办结率 = tickets whose deadline fell in the period (and has passed) that were resolved by it
 *   ÷ those tickets (open overdue ones count in the denominator);
 * - 办结率 = tickets filed in the period that are now resolved or closed ÷ tickets filed in it;
 * - median / P90 time to resolve over tickets resolved in the period (filing → resolution, hours;
 *   percentiles interpolate linearly between ranks, so an even count's median is the mean of the two middle values);
 * - 满意率 = ratings of 4–5 stars ÷ ratings given in the period;
 * - 返工率 = appeals (reopen events) ÷ resolutions (resolve events) in the period;
 * - 督办 = escalation events in the period.
 *
 * Each slice (street, category, day of the trend) is the same computation on a subset. The rows of
 * the whole window are read once (a few indexed range scans), everything else happens in memory.
 */
import type { Kysely } from 'kysely'
import { KPI_MAX_PERIOD_DAYS, KPI_TREND_DAYS, SATISFIED_MIN_SCORE } from '@contract/kpi'
import type { KpiAnswer, KpiQuery, KpiRankingRow, KpiValues } from '@contract/console'
import type { Database } from '../db/schema'
import { ApiError } from '../lib/api-error'
import { addChinaDays, chinaDate, chinaDayStart, chinaDaysBetween } from '../lib/china-time'
import type { Clock } from '../lib/clock'
import { DAY, HOUR } from '../lib/clock'

export interface KpiService {
  compute(query?: KpiQuery): Promise<KpiAnswer>
}

export interface KpiServiceOptions {
  db: Kysely<Database>
  clock: Clock
  /** Street names in the district's order (the rows of byStreet and the ranking). */
  streets: () => readonly string[]
  /**
   * Keep answers in memory: an answer is reused while `version()` and the minute are unchanged.
   * The app passes the newest live-event id, which moves with every ticket change. Off when absent.
   */
  cache?: { version: () => Promise<string | number>; maxEntries?: number }
}

interface TicketFact {
  street: string
  category: string
  rejected: boolean
  created: number
  due: number
  resolved: number | null
  ratedAt: number | null
  score: number | null
}

interface EventFact {
  street: string
  category: string
  type: 'resolved' | 'reopened' | 'escalated'
  at: number
}

/** Linear interpolation between closest ranks (numpy's default, Excel's PERCENTILE.INC). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (!sorted.length) return null
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

const ratio = (num: number, den: number) => (den === 0 ? null : num / den)
const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100)

/** The KPI values of one slice over [start, end), `now` bounding which deadlines have passed. */
export function kpiValues(tickets: readonly TicketFact[], events: readonly EventFact[], start: number, end: number, now: number): KpiValues {
  let created = 0
  let createdCounted = 0
  let createdResolved = 0
  let dueInPeriod = 0
  let onTimeResolved = 0
  let rated = 0
  let satisfied = 0
  const durations: number[] = []
  const dueEnd = Math.min(end, now)
  for (const t of tickets) {
    if (t.created >= start && t.created < end) {
      created++
      if (!t.rejected) {
        createdCounted++
        if (t.resolved !== null) createdResolved++
      }
    }
    if (!t.rejected && t.due >= start && t.due < dueEnd) {
      dueInPeriod++
      if (t.resolved !== null && t.resolved <= t.due) onTimeResolved++
    }
    if (t.resolved !== null && t.resolved >= start && t.resolved < end) durations.push((t.resolved - t.created) / HOUR)
    if (t.score !== null && t.ratedAt !== null && t.ratedAt >= start && t.ratedAt < end) {
      rated++
      if (t.score >= SATISFIED_MIN_SCORE) satisfied++
    }
  }
  let reopened = 0
  let resolutions = 0
  let escalations = 0
  for (const e of events) {
    if (e.at < start || e.at >= end) continue
    if (e.type === 'reopened') reopened++
    else if (e.type === 'resolved') resolutions++
    else escalations++
  }
  durations.sort((a, b) => a - b)
  return {
    created,
    onTimeRate: ratio(onTimeResolved, dueInPeriod),
    onTimeResolved,
    dueInPeriod,
    resolveRate: ratio(createdResolved, createdCounted),
    createdResolved,
    createdCounted,
    medianResolveHours: round2(percentile(durations, 0.5)),
    p90ResolveHours: round2(percentile(durations, 0.9)),
    resolvedInPeriod: durations.length,
    satisfactionRate: ratio(satisfied, rated),
    satisfied,
    rated,
    reworkRate: ratio(reopened, resolutions),
    reopened,
    resolutions,
    escalations,
  }
}

/** Streets by 按时办结率 (no data last), then 满意率 (no data last), then fewer 督办, then name order. */
export function rankStreets(rows: readonly ({ street: string } & KpiValues)[]): KpiRankingRow[] {
  const key = (value: number | null) => (value === null ? -1 : value)
  return [...rows]
    .map((row, order) => ({ row, order }))
    .sort((a, b) => key(b.row.onTimeRate) - key(a.row.onTimeRate) || key(b.row.satisfactionRate) - key(a.row.satisfactionRate) || a.row.escalations - b.row.escalations || a.order - b.order)
    .map(({ row }, index) => ({
      rank: index + 1,
      street: row.street,
      onTimeRate: row.onTimeRate,
      satisfactionRate: row.satisfactionRate,
      escalations: row.escalations,
      created: row.created,
    }))
}

/** Resolves the period: `to` defaults to today in China, `from` to the 30 days ending on `to`. */
export function kpiPeriod(query: KpiQuery, now: Date): { from: string; to: string } {
  const to = query.to ?? chinaDate(now)
  const from = query.from ?? addChinaDays(to, -(KPI_TREND_DAYS - 1))
  chinaDayStart(from, 'querystring.from')
  chinaDayStart(to, 'querystring.to')
  if (from > to) throw ApiError.invalidField('querystring.to', 'is before from')
  if (chinaDaysBetween(from, to) > KPI_MAX_PERIOD_DAYS) throw ApiError.invalidField('querystring.from', `the period may cover at most ${KPI_MAX_PERIOD_DAYS} days`)
  return { from, to }
}

export function createKpiService(options: KpiServiceOptions): KpiService {
  const { db, clock } = options
  const cache = new Map<string, KpiAnswer>()

  async function categories() {
    return db.selectFrom('categories').select(['id', 'name']).orderBy('sort_order').execute()
  }

  async function computeFresh(query: KpiQuery, now: Date): Promise<KpiAnswer> {
    const { from, to } = kpiPeriod(query, now)
    const streets = options.streets()
    const cats = await categories()
    if (query.street && !streets.includes(query.street)) throw ApiError.invalidField('querystring.street', `no street named "${query.street}" in the district`)
    if (query.categoryId && !cats.some((c) => c.id === query.categoryId)) throw ApiError.invalidField('querystring.categoryId', `unknown category "${query.categoryId}"`)

    const trendFrom = addChinaDays(to, -(KPI_TREND_DAYS - 1))
    const start = chinaDayStart(from).getTime()
    const end = chinaDayStart(to).getTime() + DAY
    const windowStart = new Date(Math.min(start, chinaDayStart(trendFrom).getTime())).toISOString()
    const windowEnd = new Date(end).toISOString()

    let ticketQuery = db
      .selectFrom('tickets')
      .select(['street', 'category_id', 'status', 'created_at', 'due_at', 'resolved_at', 'rated_at', 'rating_score'])
      .where((eb) =>
        eb.or(
          (['created_at', 'due_at', 'resolved_at', 'rated_at'] as const).map((column) => eb.and([eb(column, '>=', windowStart), eb(column, '<', windowEnd)])),
        ),
      )
    let eventQuery = db
      .selectFrom('ticket_events')
      .innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
      .select(['tickets.street', 'tickets.category_id', 'ticket_events.type', 'ticket_events.created_at'])
      .where('ticket_events.type', 'in', ['resolved', 'reopened', 'escalated'])
      .where('ticket_events.created_at', '>=', windowStart)
      .where('ticket_events.created_at', '<', windowEnd)
    if (query.street) {
      ticketQuery = ticketQuery.where('street', '=', query.street)
      eventQuery = eventQuery.where('tickets.street', '=', query.street)
    }
    if (query.categoryId) {
      ticketQuery = ticketQuery.where('category_id', '=', query.categoryId)
      eventQuery = eventQuery.where('tickets.category_id', '=', query.categoryId)
    }
    const [ticketRows, eventRows] = await Promise.all([ticketQuery.execute(), eventQuery.execute()])
    const tickets: TicketFact[] = ticketRows.map((row) => ({
      street: row.street,
      category: row.category_id,
      rejected: row.status === 'rejected',
      created: Date.parse(row.created_at),
      due: Date.parse(row.due_at),
      resolved: row.resolved_at ? Date.parse(row.resolved_at) : null,
      ratedAt: row.rated_at ? Date.parse(row.rated_at) : null,
      score: row.rating_score,
    }))
    const events: EventFact[] = eventRows.map((row) => ({
      street: row.street,
      category: row.category_id,
      type: row.type as EventFact['type'],
      at: Date.parse(row.created_at),
    }))

    const nowMs = now.getTime()
    const values = (keep: (fact: { street: string; category: string }) => boolean, s = start, e = end) =>
      kpiValues(tickets.filter(keep), events.filter(keep), s, e, nowMs)
    const byStreet = streets.map((street) => ({ street, ...values((f) => f.street === street) }))
    const trend = Array.from({ length: KPI_TREND_DAYS }, (_, i) => {
      const day = addChinaDays(trendFrom, i)
      const dayStart = chinaDayStart(day).getTime()
      return { day, ...kpiValues(tickets, events, dayStart, dayStart + DAY, nowMs) }
    })
    return {
      from,
      to,
      street: query.street ?? null,
      categoryId: query.categoryId ?? null,
      generatedAt: now.toISOString(),
      totals: kpiValues(tickets, events, start, end, nowMs),
      byStreet,
      byCategory: cats.map((c) => ({ categoryId: c.id, categoryName: c.name, ...values((f) => f.category === c.id) })),
      trend,
      ranking: rankStreets(byStreet),
    }
  }

  return {
    async compute(query: KpiQuery = {}) {
      const now = clock.now()
      if (!options.cache) return computeFresh(query, now)
      const version = await options.cache.version()
      const key = JSON.stringify([query.from, query.to, query.street, query.categoryId, version, Math.floor(now.getTime() / 60_000)])
      const hit = cache.get(key)
      if (hit) return hit
      const answer = await computeFresh(query, now)
      cache.set(key, answer)
      const max = options.cache.maxEntries ?? 50
      while (cache.size > max) cache.delete(cache.keys().next().value!)
      return answer
    },
  }
}
