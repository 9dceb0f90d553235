/**
 * Live events: a durable log (`live_events`) written in the SAME transaction as the change it
 * describes, and a hub that tails the log (rows with id > the last one seen) and fans each row out
 * to the subscribers (the console's SSE stream; the resident stream of #13 can filter by user).
 *
 * Why a table and not an in-memory emitter: an event exists exactly when its change committed (a
 * rolled-back transaction leaves no event), a reconnecting client replays what it missed by id
 * (Last-Event-ID), and another instance sharing the database can tail the same log.
 *
 * What wakes the tailer lives in plugins/events.ts (kick after commits, a slow safety timer);
 * this file knows nothing about Fastify.
 */
import type { Insertable, Kysely, Transaction } from 'kysely'
import type { TicketEventType } from '@contract/lifecycle'
import type { LiveEventKind, OpsTicketRow } from '@contract/console'
import type { Point } from '@contract/schemas'
import { orderedAppendSteps } from '../db/dialect'
import { precompiled } from '../db/precompiled'
import type { Database } from '../db/schema'
import { query, runSteps, type Steps } from '../db/steps'
import type { LiveEventsTable } from '../db/tables/console'
import type { Clock } from '../lib/clock'
import { HOUR } from '../lib/clock'
import { opsTicketRow } from './console/queue'

/** What a change appends. `kind` is open for other streams; the console's are LIVE_EVENT_KINDS. */
export interface NewLiveEvent {
  kind: LiveEventKind | (string & {})
  ticketId?: number | null
  /** Users the event concerns (reporter, followers, assignee), for per-user streams. */
  userIds?: number[] | null
  /** JSON-serialisable; coordinates WGS-84. */
  payload: unknown
  at: Date
}

export interface StoredLiveEvent {
  id: number
  kind: string
  ticketId: number | null
  userIds: number[] | null
  /** The JSON text as stored (WGS-84). */
  payload: string
  createdAt: string
}

type Db = Kysely<Database> | Transaction<Database>

/** Appends an event to the log, as a step of the change's transaction (db/steps.ts). Returns its id. */
export function* appendLiveEventSteps(trx: Db, event: NewLiveEvent): Steps<number> {
  yield* orderedAppendSteps(trx, 'live_events')
  const [row] = (
    yield* query(
      insertLiveEvent.query(trx, {
        kind: event.kind,
        ticket_id: event.ticketId ?? null,
        user_ids: event.userIds?.length ? JSON.stringify(event.userIds) : null,
        payload: JSON.stringify(event.payload),
        created_at: event.at.toISOString(),
      }),
    )
  ).rows
  return row.id
}

/** Appends an event to the log; call it inside the transaction of the change. Returns its id. */
export function appendLiveEvent(trx: Db, event: NewLiveEvent): Promise<number> {
  return runSteps(trx, appendLiveEventSteps(trx, event))
}

/** Compiled once (db/precompiled, #19): every change of a ticket appends one. */
const insertLiveEvent = precompiled((db, p: Insertable<LiveEventsTable>) =>
  db
    .insertInto('live_events')
    .values({ kind: p.kind, ticket_id: p.ticket_id, user_ids: p.user_ids, payload: p.payload, created_at: p.created_at })
    .returning('id'),
)

/* ---------- the console's three event kinds ---------- */

/** `ticket`: the ticket's new state as a queue row (WGS-84), for everyone who watches it. */
export function* appendTicketLiveEvent(
  trx: Db,
  ticketId: number,
  eventType: TicketEventType,
  now: Date,
  /** The users it concerns when the caller knows them (a new ticket: its reporter alone), saving two reads. */
  knownUserIds?: number[],
  /** Its queue row when the caller has it (a new ticket: console/queue queueRowOf), saving a read. */
  knownRow?: OpsTicketRow,
): Steps<number | null> {
  const row = knownRow ?? (yield* opsTicketRow(trx, now, ticketId))
  if (!row) return null
  const userIds = knownUserIds ?? (yield* ticketUserIds(trx, ticketId))
  return yield* appendLiveEventSteps(trx, { kind: 'ticket', ticketId, userIds, payload: { eventType, ticket: row } satisfies TicketPayload, at: now })
}

/** Reporter, followers and assignee of a ticket. */
function* ticketUserIds(trx: Db, ticketId: number): Steps<number[]> {
  const [ticket] = (yield* query(trx.selectFrom('tickets').select(['reporter_id', 'assignee_id']).where('id', '=', ticketId))).rows
  if (!ticket) throw new Error(`ticketUserIds: no ticket ${ticketId}`)
  const followers = (yield* query(trx.selectFrom('ticket_followers').select('user_id').where('ticket_id', '=', ticketId))).rows
  return [...new Set([ticket.reporter_id, ...followers.map((f) => f.user_id), ...(ticket.assignee_id ? [ticket.assignee_id] : [])])]
}

export interface TicketPayload {
  eventType: TicketEventType
  ticket: OpsTicketRow
}

/** `worker.position`: a worker's new position (WGS-84). */
export function appendWorkerPosition(trx: Db, workerId: number, point: Point, ticketId: number | null, at: Date) {
  return appendLiveEvent(trx, {
    kind: 'worker.position',
    ticketId,
    userIds: [workerId],
    payload: { workerId, location: { lat: point.lat, lng: point.lng }, ticketId, at: at.toISOString() },
    at,
  })
}

/** `worker.duty`: a worker went on or off duty. */
export function appendWorkerDuty(trx: Db, workerId: number, onDuty: boolean, at: Date) {
  return appendLiveEvent(trx, { kind: 'worker.duty', userIds: [workerId], payload: { workerId, onDuty, at: at.toISOString() }, at })
}

/* ---------- the hub: tail the log, fan out ---------- */

export interface LiveListener {
  /** Only events passing the filter reach `onEvent` (e.g. a resident's own tickets). */
  filter?: (event: StoredLiveEvent) => boolean
  onEvent(event: StoredLiveEvent): void
  /** The asked id is older than what the log keeps, or unknown: reload state, then keep listening. */
  onReload(reason: 'expired' | 'unknown'): void
  /** The hub is closing (server shutdown). */
  onClose?(): void
}

export interface LiveSubscription {
  close(): void
}

export interface LiveHubOptions {
  /** Rows older than this are trimmed. */
  retainMs?: number
  /** At most this many rows are kept. */
  retainRows?: number
  /** Rows read per query while catching up. */
  batch?: number
}

export const LIVE_RETAIN_MS = 24 * HOUR
export const LIVE_RETAIN_ROWS = 100_000

function toStored(row: { id: number; kind: string; ticket_id: number | null; user_ids: string | null; payload: string; created_at: string }): StoredLiveEvent {
  return {
    id: row.id,
    kind: row.kind,
    ticketId: row.ticket_id,
    userIds: row.user_ids ? (JSON.parse(row.user_ids) as number[]) : null,
    payload: row.payload,
    createdAt: row.created_at,
  }
}

interface Subscriber {
  listener: LiveListener
  /** Highest id delivered (or skipped by the filter). */
  cursor: number
  /** While the replay runs, live rows wait here. */
  pending: StoredLiveEvent[] | null
}

export class LiveEventHub {
  private lastId = 0
  /** Newest id fanned out per kind (only rows seen since start). */
  private readonly lastIdByKind = new Map<string, number>()
  private readonly subscribers = new Set<Subscriber>()
  private polling: Promise<void> | null = null
  private again = false
  private closed = false
  private readonly retainMs: number
  private readonly retainRows: number
  private readonly batch: number

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    options: LiveHubOptions = {},
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.retainMs = options.retainMs ?? LIVE_RETAIN_MS
    this.retainRows = options.retainRows ?? LIVE_RETAIN_ROWS
    this.batch = options.batch ?? 500
  }

  /** Starts from the newest row: only later rows are fanned out live. */
  async start(): Promise<void> {
    this.lastId = await this.maxId()
  }

  get latestId(): number {
    return this.lastId
  }

  /**
   * A version stamp of one kind of change, for caches (the KPIs change with tickets, not with
   * positions): reads what has committed first, so a change made just before is never missed.
   */
  async versionOf(kind: string): Promise<number> {
    await this.poll()
    return this.lastIdByKind.get(kind) ?? 0
  }

  get subscriberCount(): number {
    return this.subscribers.size
  }

  private async maxId(): Promise<number> {
    const row = await this.db.selectFrom('live_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst()
    return Number(row?.id ?? 0)
  }

  /**
   * Reads the rows committed since the last poll and fans them out. Concurrent calls coalesce:
   * a kick during a poll runs one more poll right after it.
   */
  poll(): Promise<void> {
    if (this.closed) return Promise.resolve()
    if (this.polling) {
      this.again = true
      return this.polling
    }
    this.polling = (async () => {
      try {
        do {
          this.again = false
          for (;;) {
            const rows = await this.db.selectFrom('live_events').selectAll().where('id', '>', this.lastId).orderBy('id').limit(this.batch).execute()
            for (const row of rows) {
              const event = toStored(row)
              this.lastId = event.id
              this.lastIdByKind.set(event.kind, event.id)
              for (const subscriber of this.subscribers) this.deliver(subscriber, event)
            }
            if (rows.length < this.batch) break
          }
        } while (this.again && !this.closed)
      } catch (error) {
        this.onError(error)
      } finally {
        this.polling = null
      }
    })()
    return this.polling
  }

  private deliver(subscriber: Subscriber, event: StoredLiveEvent): void {
    if (subscriber.pending) {
      subscriber.pending.push(event)
      return
    }
    if (event.id <= subscriber.cursor) return
    subscriber.cursor = event.id
    if (subscriber.listener.filter && !subscriber.listener.filter(event)) return
    try {
      subscriber.listener.onEvent(event)
    } catch (error) {
      this.onError(error)
    }
  }

  /**
   * Listens from `afterId` on: rows after it that the log still holds are replayed first, then
   * live rows follow, each exactly once and in id order. `afterId` null = live rows only.
   */
  async subscribe(afterId: number | null, listener: LiveListener): Promise<LiveSubscription> {
    const subscriber: Subscriber = { listener, cursor: this.lastId, pending: null }
    const subscription = { close: () => void this.subscribers.delete(subscriber) }
    if (this.closed) {
      listener.onClose?.()
      return subscription
    }
    if (afterId === null || afterId >= this.lastId) {
      if (afterId !== null && afterId > this.lastId) {
        // Committed but not polled yet: continue after it. Beyond the log's newest row: an id this
        // log never gave out (another database, or it was reset).
        if (afterId > (await this.maxId())) listener.onReload('unknown')
        else subscriber.cursor = afterId
      }
      this.subscribers.add(subscriber)
      return subscription
    }
    // Replay: live rows arriving meanwhile wait in `pending`, then go through the same dedup.
    subscriber.pending = []
    subscriber.cursor = afterId
    this.subscribers.add(subscriber)
    try {
      const oldest = await this.db.selectFrom('live_events').select((eb) => eb.fn.min('id').as('id')).executeTakeFirst()
      const oldestId = oldest?.id === null || oldest?.id === undefined ? null : Number(oldest.id)
      if (oldestId === null || afterId < oldestId - 1) {
        // Something after afterId was trimmed: the client must reload; continue from now.
        const upTo = this.lastId
        subscriber.cursor = upTo
        listener.onReload('expired')
      } else {
        let cursor = afterId
        for (;;) {
          const rows = await this.db.selectFrom('live_events').selectAll().where('id', '>', cursor).orderBy('id').limit(this.batch).execute()
          for (const row of rows) {
            const event = toStored(row)
            cursor = event.id
            if (event.id <= subscriber.cursor) continue
            subscriber.cursor = event.id
            if (!listener.filter || listener.filter(event)) listener.onEvent(event)
          }
          if (rows.length < this.batch) break
        }
      }
    } finally {
      const waiting = subscriber.pending ?? []
      subscriber.pending = null
      for (const event of waiting) this.deliver(subscriber, event)
    }
    return subscription
  }

  /** Deletes rows older than the retention time, and beyond the row limit. */
  async trim(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.retainMs).toISOString()
    const byAge = await this.db.deleteFrom('live_events').where('created_at', '<', cutoff).executeTakeFirst()
    const max = await this.maxId()
    const byCount = await this.db.deleteFrom('live_events').where('id', '<=', max - this.retainRows).executeTakeFirst()
    return Number(byAge.numDeletedRows) + Number(byCount.numDeletedRows)
  }

  /** Stops polling and tells every subscriber (their streams end). */
  async close(): Promise<void> {
    this.closed = true
    await this.polling
    for (const subscriber of this.subscribers) subscriber.listener.onClose?.()
    this.subscribers.clear()
  }
}
