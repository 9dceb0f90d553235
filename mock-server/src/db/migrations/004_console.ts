import type { Kysely } from 'kysely'

// The operator console (issue #11): staff accounts with password hashes and their cookie sessions,
// the durable live-event log behind GET /api/ops/events, merged duplicates, and indexes for the
// console's queue filters, map layers and KPIs. New tables and indexes only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_accounts')
    .addColumn('user_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('login_name', 'text', (col) => col.notNull().unique())
    .addColumn('password_hash', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('staff_sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('staff_sessions_user').on('staff_sessions').column('user_id').execute()

  // id is the SSE id; rows are written in the transaction of the change they describe.
  await db.schema
    .createTable('live_events')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('ticket_id', 'integer')
    .addColumn('user_ids', 'text')
    .addColumn('payload', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('live_events_created').on('live_events').column('created_at').execute()

  await db.schema
    .createTable('ticket_merges')
    .addColumn('ticket_id', 'integer', (col) => col.primaryKey().references('tickets.id'))
    .addColumn('into_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('actor_id', 'integer', (col) => col.references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('ticket_merges_into').on('ticket_merges').column('into_id').execute()

  await db.schema.createIndex('worker_positions_recorded').on('worker_positions').columns(['recorded_at', 'worker_id']).execute()
  await db.schema.createIndex('tickets_created').on('tickets').column('created_at').execute()
  await db.schema.createIndex('tickets_resolved').on('tickets').column('resolved_at').execute()
  await db.schema.createIndex('tickets_grid_status').on('tickets').columns(['grid_id', 'status']).execute()
  await db.schema.createIndex('ticket_events_type_created').on('ticket_events').columns(['type', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['ticket_events_type_created', 'tickets_grid_status', 'tickets_resolved', 'tickets_created', 'worker_positions_recorded']) {
    await db.schema.dropIndex(index).execute()
  }
  for (const table of ['ticket_merges', 'live_events', 'staff_sessions', 'staff_accounts']) {
    await db.schema.dropTable(table).execute()
  }
}
