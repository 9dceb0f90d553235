import type { Kysely, Transaction } from 'kysely'
import { chinaDate } from '@contract/china-time'
import { precompiled } from '../../db/precompiled'
import type { Database } from '../../db/schema'
import { query, type Steps } from '../../db/steps'

/** YYYYMMDD of `now` in China time (UTC+8, no daylight saving). */
export function chinaDay(now: Date): string {
  return chinaDate(now).replace(/-/g, '')
}

/** The day's counter, up by one (compiled once, db/precompiled). */
const bumpCounter = precompiled((db, p: { day: string }) =>
  db
    .insertInto('ticket_counters')
    .values({ day: p.day, last: 1 })
    .onConflict((oc) => oc.column('day').doUpdateSet((eb) => ({ last: eb('ticket_counters.last', '+', 1) })))
    .returning('last'),
)

/**
 * The next public number of the day, e.g. BY20261125-0007. A counter row per day, bumped inside
 * the ticket's transaction, so numbers never repeat even when tickets are created concurrently.
 */
export function* nextTicketNumber(trx: Kysely<Database> | Transaction<Database>, now: Date): Steps<string> {
  const day = chinaDay(now)
  const [row] = (yield* query(bumpCounter.query(trx, { day }))).rows
  return `BY${day}-${String(row.last).padStart(4, '0')}`
}
