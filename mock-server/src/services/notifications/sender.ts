/**
 * The sender loop's one pass over the outbox. States of a row:
 *
 *   pending ──claim──▶ sending ──▶ sent | failed (gave up) | pending (retry later, backoff)
 *      └──▶ skipped (no credit, no template, sending off)       sending ──lease over──▶ unknown
 *
 * Delivery is AT MOST ONCE. WeChat's send has no idempotency key, so a message whose call may have
 * reached WeChat is never sent again:
 * - the claim (pending → sending with a lease, the credit taken) is committed BEFORE the HTTP call;
 * - a row still 'sending' after its lease (the process died or was stopped mid-call) becomes
 *   'unknown' (reason 'interrupted') and is not resent: a resident may miss one notice after a
 *   crash, never gets two; the in-app message and the ticket page still tell them;
 * - retried are only answers that say WeChat did not take it: connection failures, 5xx, system
 *   busy (-1), rate limits, a stale token. A timeout after the request left is the one ambiguous
 *   retry (WeChat may have received it); the issue asks network errors to be retried, so it is.
 * The credit is spent once per row (credit_spent), on the first claim, never again on retries.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Kysely, Transaction, Updateable } from 'kysely'
import type { NotificationState, SubscribeTemplateKind } from '@contract/subscribe'
import type { Database } from '../../db/schema'
import type { NotificationsTable } from '../../db/tables/notifications'
import type { Clock } from '../../lib/clock'
import type { SubscribeMessageApi } from '../../lib/wechat-subscribe'

export interface SenderOptions {
  /** Rows read per query, and how many such batches one pass may send. */
  batchSize: number
  maxBatches: number
  /** How long a claim holds; longer than any single send (the client times out after 10 s). */
  leaseMs: number
  /** Retry n waits base·2^(n-1), at most max. */
  backoffBaseMs: number
  backoffMaxMs: number
  /** Give up (reason 'expired') on a message this old that still cannot be sent. */
  maxAgeMs: number
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  batchSize: 20,
  maxBatches: 25,
  leaseMs: 60_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 10 * 60_000,
  maxAgeMs: 24 * 3_600_000,
}

export interface SenderDeps {
  db: Kysely<Database>
  clock: Clock
  /** null = sending is off (no WX_APPID/WX_SECRET): rows are skipped, never queued forever. */
  api: SubscribeMessageApi | null
  templateIds: Partial<Record<SubscribeTemplateKind, string>>
  log: FastifyBaseLogger
  options: SenderOptions
  /** Called in the transaction that records a row's final state (the resident's live stream). */
  announce?: (trx: Transaction<Database>, row: { id: number; userId: number; ticketId: number; state: NotificationState }) => Promise<unknown>
}

export interface PassResult {
  sent: number
  retried: number
  failed: number
  skipped: number
  /** Rows found 'sending' after their lease: marked unknown, not resent. */
  interrupted: number
}

/** Wait before attempt n+1 after n failed attempts. */
export function backoffMs(attempts: number, options: Pick<SenderOptions, 'backoffBaseMs' | 'backoffMaxMs'>): number {
  return Math.min(options.backoffBaseMs * 2 ** Math.max(0, attempts - 1), options.backoffMaxMs)
}

const iso = (ms: number) => new Date(ms).toISOString()

export async function recoverExpiredLeases(deps: SenderDeps): Promise<number> {
  const now = deps.clock.now().toISOString()
  const stale = await deps.db.selectFrom('notifications').select(['id', 'attempts']).where('state', '=', 'sending').where('lease_until', '<', now).execute()
  if (stale.length === 0) return 0
  const result = await deps.db
    .updateTable('notifications')
    .set({ state: 'unknown', reason: 'interrupted', lease_until: null, updated_at: now })
    .where('state', '=', 'sending')
    .where('lease_until', '<', now)
    .executeTakeFirst()
  deps.log.warn({ ids: stale.map((row) => row.id) }, 'subscribe messages interrupted mid-send: marked unknown, not resent (at most once)')
  return Number(result.numUpdatedRows)
}

type Claim = { id: number; userId: number; ticketId: number; lease: string; openid: string; templateId: string; page: string; data: string; createdAt: string; attempts: number }

/** pending → sending (with a lease) and the credit, in one transaction; null when not ours or skipped. */
async function claim(deps: SenderDeps, id: number, result: PassResult): Promise<Claim | null> {
  const nowMs = deps.clock.now().getTime()
  const now = iso(nowMs)
  const lease = iso(nowMs + deps.options.leaseMs)
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .selectAll('notifications')
      .select('users.openid')
      .where('notifications.id', '=', id)
      .where('notifications.state', '=', 'pending')
      .executeTakeFirst()
    if (!row) return null
    const claimed = await trx
      .updateTable('notifications')
      .set((eb) => ({ state: 'sending', lease_until: lease, attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return null // another sender took it

    let templateId = row.template_id
    if (!row.credit_spent) {
      const skip = async (reason: 'no_template' | 'disabled' | 'no_credit') => {
        await trx.updateTable('notifications').set({ state: 'skipped', reason, lease_until: null, updated_at: now }).where('id', '=', id).execute()
        await deps.announce?.(trx, { id, userId: row.user_id, ticketId: row.ticket_id, state: 'skipped' })
        result.skipped += 1
        return null
      }
      templateId = deps.templateIds[row.kind] ?? null
      if (!templateId) return skip('no_template')
      if (!deps.api) return skip('disabled')
      const spent = await trx
        .updateTable('subscription_credits')
        .set((eb) => ({ credits: eb('credits', '-', 1), updated_at: now }))
        .where('user_id', '=', row.user_id)
        .where('template_id', '=', templateId)
        .where('credits', '>', 0)
        .executeTakeFirst()
      if (Number(spent.numUpdatedRows) !== 1) return skip('no_credit')
      await trx.updateTable('notifications').set({ credit_spent: 1, template_id: templateId }).where('id', '=', id).execute()
    }
    if (!templateId || !deps.api) return null
    return { id, userId: row.user_id, ticketId: row.ticket_id, lease, openid: row.openid, templateId, page: row.page, data: row.data, createdAt: row.created_at, attempts: row.attempts + 1 }
  })
}

/** The claim's final update, only while the claim is still ours (same lease). */
function finish(deps: SenderDeps, claimed: Claim, values: Updateable<NotificationsTable> & { state: NotificationState }) {
  return deps.db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('notifications')
      .set(values)
      .where('id', '=', claimed.id)
      .where('state', '=', 'sending')
      .where('lease_until', '=', claimed.lease)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) === 1 && values.state !== 'pending') {
      await deps.announce?.(trx, { id: claimed.id, userId: claimed.userId, ticketId: claimed.ticketId, state: values.state })
    }
  })
}

/**
 * One pass: mark interrupted sends, then send what is due, oldest first, batch after batch until
 * nothing is due (at most `maxBatches`). A retryable failure ends the pass (WeChat is down or busy:
 * the rest wait for their turn instead of hammering it).
 */
export async function runSenderPass(deps: SenderDeps, signal?: AbortSignal): Promise<PassResult> {
  const result: PassResult = { sent: 0, retried: 0, failed: 0, skipped: 0, interrupted: 0 }
  result.interrupted = await recoverExpiredLeases(deps)
  for (let batch = 0; batch < deps.options.maxBatches; batch += 1) {
    const due = await deps.db
      .selectFrom('notifications')
      .select('id')
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', deps.clock.now().toISOString())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(deps.options.batchSize)
      .execute()
    for (const { id } of due) {
      if (signal?.aborted || (await sendOne(deps, id, result, signal)) === 'stop') return result
    }
    if (due.length < deps.options.batchSize) break
  }
  return result
}

/** Claims, sends and records one row; 'stop' ends the pass (a retry, or shutdown). */
async function sendOne(deps: SenderDeps, id: number, result: PassResult, signal?: AbortSignal): Promise<'next' | 'stop'> {
  const claimed = await claim(deps, id, result)
  if (!claimed || !deps.api) return 'next'
  const outcome = await deps.api.send(
    { touser: claimed.openid, template_id: claimed.templateId, page: claimed.page, data: JSON.parse(claimed.data) as Record<string, { value: string }> },
    signal,
  )
  const nowMs = deps.clock.now().getTime()
  const now = iso(nowMs)
  if (outcome.kind === 'aborted') {
    // Stopped mid-call: the row keeps its 'sending' claim; the next start marks it unknown.
    deps.log.warn({ notificationId: id }, 'subscribe message send aborted by shutdown; left as sending')
    return 'stop'
  }
  if (outcome.kind === 'sent') {
    await finish(deps, claimed, { state: 'sent', sent_at: now, lease_until: null, reason: null, errcode: null, last_error: null, updated_at: now })
    result.sent += 1
    return 'next'
  }
  if (outcome.kind === 'give_up') {
    deps.log.warn({ notificationId: id, errcode: outcome.errcode, reason: outcome.reason }, `subscribe message given up: ${outcome.error}`)
    await finish(deps, claimed, { state: 'failed', reason: outcome.reason, errcode: outcome.errcode, last_error: outcome.error, lease_until: null, updated_at: now })
    result.failed += 1
    return 'next'
  }
  if (nowMs - Date.parse(claimed.createdAt) >= deps.options.maxAgeMs) {
    deps.log.warn({ notificationId: id, attempts: claimed.attempts }, `subscribe message expired after retries: ${outcome.error}`)
    await finish(deps, claimed, { state: 'failed', reason: 'expired', errcode: outcome.errcode ?? null, last_error: outcome.error, lease_until: null, updated_at: now })
    result.failed += 1
    return 'next'
  }
  const wait = backoffMs(claimed.attempts, deps.options)
  deps.log.info({ notificationId: id, attempts: claimed.attempts, retryInMs: wait }, `subscribe message will be retried: ${outcome.error}`)
  await finish(deps, claimed, {
    state: 'pending',
    next_attempt_at: iso(nowMs + wait),
    lease_until: null,
    errcode: outcome.errcode ?? null,
    last_error: outcome.error,
    updated_at: now,
  })
  result.retried += 1
  return 'stop'
}
