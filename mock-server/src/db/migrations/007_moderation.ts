import type { Kysely } from 'kysely'

// Public view and moderation of tickets (issue #17):
// - share_public: the resident chose, when reporting, to show the description publicly (0/1, default 0);
// - moderation: 'ok' | 'held' (the abuse filter matched; out of public view until staff release it)
//   | 'hidden' (staff took it out of public view, with a reason);
// - moderation_reason / moderated_at / moderated_by: the last staff decision (or the filter's words).
// Also the index the maintenance loop uses to delete expired sessions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('share_public', 'integer', (col) => col.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('tickets').addColumn('moderation', 'text', (col) => col.notNull().defaultTo('ok')).execute()
  await db.schema.alterTable('tickets').addColumn('moderation_reason', 'text').execute()
  await db.schema.alterTable('tickets').addColumn('moderated_at', 'text').execute()
  await db.schema.alterTable('tickets').addColumn('moderated_by', 'integer').execute()
  await db.schema.createIndex('sessions_expires_at').ifNotExists().on('sessions').column('expires_at').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sessions_expires_at').ifExists().execute()
  for (const column of ['moderated_by', 'moderated_at', 'moderation_reason', 'moderation', 'share_public']) {
    await db.schema.alterTable('tickets').dropColumn(column).execute()
  }
}
