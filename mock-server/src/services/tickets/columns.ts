/**
 * The ticket-row select the list reads share: the console queue (services/console/queue.ts), the
 * worker's task list (services/work/tasks.ts) and the resident/staff ticket list (tickets/read.ts).
 * One place for the joined category name, the card columns and the first protected photo.
 */
import type { ExpressionBuilder, Kysely } from 'kysely'
import type { Database } from '../../db/schema'

/** What every ticket card shows: number, status, category, text, place and deadline. */
export const TICKET_CARD_COLUMNS = [
  'tickets.id',
  'tickets.number',
  'tickets.status',
  'tickets.category_id',
  'categories.name as category_name',
  'tickets.description',
  'tickets.street',
  'tickets.community',
  'tickets.due_at',
] as const

/** The times and counters of the queue and the ticket list (not the worker's tasks). */
export const TICKET_TIMELINE_COLUMNS = ['tickets.created_at', 'tickets.updated_at', 'tickets.escalated_at', 'tickets.follower_count'] as const

/** Tickets with their category joined: the start of each list read. */
export function ticketsWithCategory(db: Kysely<Database>) {
  return db.selectFrom('tickets').innerJoin('categories', 'categories.id', 'tickets.category_id')
}

/** The ticket's first photo whose protected copy exists (#20), so no thumbnail is a 404. */
export const firstPhotoId = (eb: ExpressionBuilder<Database, 'tickets'>) =>
  eb
    .selectFrom('uploads')
    .select('uploads.id')
    .whereRef('uploads.ticket_id', '=', 'tickets.id')
    .where('uploads.privacy_status', '=', 'ready')
    .orderBy('uploads.created_at')
    .limit(1)
    .as('first_photo_id')
