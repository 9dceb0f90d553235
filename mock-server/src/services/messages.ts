import type { FastifyInstance } from 'fastify'
import type { MessagePage } from '@contract/tickets'
import { decodeCursor, pageOf } from './pagination'

export async function listMessages(app: FastifyInstance, userId: number, cursor?: string, limit = 20): Promise<MessagePage> {
  const before = decodeCursor(cursor)
  let select = app.db
    .selectFrom('messages')
    .innerJoin('tickets', 'tickets.id', 'messages.ticket_id')
    .select(['messages.id', 'messages.ticket_id', 'tickets.number', 'messages.title', 'messages.body', 'messages.created_at', 'messages.read_at'])
    .where('messages.user_id', '=', userId)
  if (before) select = select.where('messages.id', '<', before)
  const [rows, unread] = await Promise.all([
    select.orderBy('messages.id', 'desc').limit(limit + 1).execute(),
    app.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ])
  return {
    ...pageOf(rows, limit, (row) => ({
      id: row.id,
      ticketId: row.ticket_id,
      ticketNumber: row.number,
      title: row.title,
      body: row.body,
      createdAt: row.created_at,
      read: row.read_at !== null,
    })),
    unread: Number(unread.n),
  }
}

/** Marks some (or all) of a user's messages read; other users' ids are ignored. */
export async function markMessagesRead(app: FastifyInstance, userId: number, ids: number[] | undefined, all: boolean): Promise<number> {
  if (!all && !ids?.length) return 0
  let update = app.db
    .updateTable('messages')
    .set({ read_at: app.clock.now().toISOString() })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
  if (!all) update = update.where('id', 'in', ids!)
  const result = await update.executeTakeFirst()
  return Number(result.numUpdatedRows)
}
