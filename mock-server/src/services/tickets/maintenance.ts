/**
 * Time-driven rules: escalate (督办) open tickets past their due time, and close resolved tickets
 * nobody rated within the reopen window. Run by a timer in the tickets plugin, and directly by
 * tests with a fake clock. Each ticket changes in its own transaction.
 */
import type { FastifyInstance } from 'fastify'
import { OPEN_STATUSES, REOPEN_WINDOW_DAYS } from '@contract/lifecycle'
import { DAY } from '../../lib/clock'
import { deleteExpiredSessions } from '../sessions'
import { SYSTEM_ACTOR, applyTransition, writeEventRow } from './transitions'

export async function escalateOverdue(app: FastifyInstance): Promise<number> {
  const now = app.clock.now()
  const overdue = await app.db
    .selectFrom('tickets')
    .innerJoin('categories', 'categories.id', 'tickets.category_id')
    .select(['tickets.id', 'tickets.number', 'tickets.status', 'tickets.due_at', 'categories.name as category_name'])
    .where('tickets.status', 'in', OPEN_STATUSES)
    .where('tickets.due_at', '<', now.toISOString())
    .where('tickets.escalated_at', 'is', null)
    .execute()
  for (const ticket of overdue) {
    await app.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('tickets')
        .set({ escalated_at: now.toISOString(), updated_at: now.toISOString() })
        .where('id', '=', ticket.id)
        .where('escalated_at', 'is', null)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) return
      const hours = Math.round((now.getTime() - Date.parse(ticket.due_at)) / 3_600_000)
      await writeEventRow(trx, ticket, 'escalated', SYSTEM_ACTOR, ticket.status, {
        now,
        from: ticket.status,
        note: `超过处置时限${hours > 0 ? `${hours}小时` : ''}，已督办`,
      })
    })
  }
  return overdue.length
}

export async function closeUnratedResolved(app: FastifyInstance): Promise<number> {
  const now = app.clock.now()
  const cutoff = new Date(now.getTime() - REOPEN_WINDOW_DAYS * DAY).toISOString()
  const stale = await app.db
    .selectFrom('tickets')
    .select('id')
    .where('status', '=', 'resolved')
    .where('resolved_at', '<', cutoff)
    .execute()
  for (const { id } of stale) {
    await app.db.transaction().execute((trx) =>
      applyTransition(trx, id, 'close', SYSTEM_ACTOR, { now, note: `处置完成${REOPEN_WINDOW_DAYS}天未评价，自动办结` }),
    )
  }
  return stale.length
}

export async function runTicketMaintenance(app: FastifyInstance) {
  return { escalated: await escalateOverdue(app), closed: await closeUnratedResolved(app), expiredSessions: await deleteExpiredSessions(app.db, app.clock.now()) }
}
