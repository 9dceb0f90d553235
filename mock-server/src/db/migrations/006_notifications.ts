import type { Kysely } from 'kysely'

// WeChat subscribe messages: the credits residents earn by accepting a template, and the durable
// outbox the sender loop works through (one row per event and recipient, written in the same
// transaction as the status change). Portable DDL: text times, integer flags, no SQLite-only SQL.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subscription_credits')
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('template_id', 'text', (col) => col.notNull())
    .addColumn('credits', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('subscription_credits_pk', ['user_id', 'template_id'])
    .execute()

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('event_id', 'integer', (col) => col.notNull().references('ticket_events.id'))
    .addColumn('event_type', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    // Chosen when the credit is spent (config may change between queueing and sending).
    .addColumn('template_id', 'text')
    .addColumn('page', 'text', (col) => col.notNull())
    // JSON: { character_string1: { value }, … } already cut to WeChat's limits.
    .addColumn('data', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull().defaultTo('pending'))
    .addColumn('reason', 'text')
    .addColumn('credit_spent', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (col) => col.notNull())
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('errcode', 'integer')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .execute()
  // One message per event per user, whatever happens (a retried transaction, a restart).
  await db.schema.createIndex('notifications_event_user').on('notifications').columns(['event_id', 'user_id']).unique().execute()
  await db.schema.createIndex('notifications_due').on('notifications').columns(['state', 'next_attempt_at']).execute()
  await db.schema.createIndex('notifications_ticket').on('notifications').columns(['ticket_id', 'id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('notifications').execute()
  await db.schema.dropTable('subscription_credits').execute()
}
