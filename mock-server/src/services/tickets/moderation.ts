/** Staff decisions on the public view of a report: release a held one, hide one with a reason. */
import type { FastifyInstance } from 'fastify'
import type { TicketVisibilityState } from '@contract/moderation'
import type { TicketRow } from '../../db/schema'
import { ApiError } from '../../lib/api-error'
import type { SessionUser } from '../auth'
import { decodeCursor, pageOf } from '../pagination'
import { publicDescription } from './public-view'

type Row = Pick<TicketRow, 'id' | 'number' | 'moderation' | 'share_public' | 'moderation_reason' | 'moderated_at' | 'description'>
const COLUMNS = ['id', 'number', 'moderation', 'share_public', 'moderation_reason', 'moderated_at', 'description'] as const

function toState(row: Row): TicketVisibilityState {
  return {
    id: row.id,
    number: row.number,
    moderation: row.moderation,
    sharePublicly: row.share_public === 1,
    reason: row.moderation_reason,
    at: row.moderated_at,
    publicDescription: publicDescription({ ...row, moderation: 'ok' }),
    description: row.description,
  }
}

export async function setVisibility(app: FastifyInstance, ticketId: number, staff: SessionUser, visible: boolean, reason: string) {
  const now = app.clock.now().toISOString()
  const result = await app.db
    .updateTable('tickets')
    .set({ moderation: visible ? 'ok' : 'hidden', moderation_reason: reason.trim(), moderated_at: now, moderated_by: staff.id })
    .where('id', '=', ticketId)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw ApiError.notFound('Ticket')
  const row = await app.db.selectFrom('tickets').select(COLUMNS).where('id', '=', ticketId).executeTakeFirstOrThrow()
  app.log.info({ ticketId, moderation: row.moderation, by: staff.id }, 'ticket visibility changed')
  return toState(row)
}

export async function moderationQueue(app: FastifyInstance, state: 'held' | 'hidden', cursor: string | undefined, limit: number) {
  const before = decodeCursor(cursor)
  let select = app.db.selectFrom('tickets').select(COLUMNS).where('moderation', '=', state)
  if (before) select = select.where('id', '<', before)
  const rows = await select.orderBy('id', 'desc').limit(limit + 1).execute()
  return pageOf(rows, limit, toState)
}
