/**
 * Queues subscribe messages in the outbox, inside the transaction of the status change: the row
 * exists exactly when the event does. One row per event and recipient (a unique index), so a
 * message can never be queued twice. Whether it goes out (credit, configuration) is the sender's call.
 */
import type { Kysely, Transaction } from 'kysely'
import { REPORTER_ONLY_EVENTS } from '@contract/subscribe'
import type { Database } from '../../db/schema'
import { query, type Steps } from '../../db/steps'
import type { NotifyInput } from '../tickets/notify'
import { subscribeContent } from './fields'

export function* queueSubscribeMessages(
  trx: Kysely<Database> | Transaction<Database>,
  input: NotifyInput,
  recipients: { reporterId: number; all: ReadonlySet<number> },
): Steps<number> {
  const users = REPORTER_ONLY_EVENTS.includes(input.type) ? [...recipients.all].filter((id) => id === recipients.reporterId) : [...recipients.all]
  if (users.length === 0) return 0
  let workerName: string | null = null
  if (input.type === 'dispatched') {
    const [row] = (
      yield* query(trx.selectFrom('tickets').leftJoin('users', 'users.id', 'tickets.assignee_id').select('users.display_name').where('tickets.id', '=', input.ticketId))
    ).rows
    workerName = row?.display_name ?? null
  }
  const content = subscribeContent({ ...input, workerName })
  if (!content) return 0
  const data = JSON.stringify(content.data)
  yield* query(
    trx
      .insertInto('notifications')
      .values(
        users.map((userId) => ({
          user_id: userId,
          ticket_id: input.ticketId,
          event_id: input.eventId,
          event_type: input.type,
          kind: content.kind,
          template_id: null,
          page: content.page,
          data,
          state: 'pending' as const,
          reason: null,
          credit_spent: 0,
          attempts: 0,
          next_attempt_at: input.at,
          lease_until: null,
          last_error: null,
          errcode: null,
          created_at: input.at,
          updated_at: input.at,
          sent_at: null,
        })),
      )
      .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing()),
  )
  return users.length
}
