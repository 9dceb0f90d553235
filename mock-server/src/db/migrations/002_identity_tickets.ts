import type { Kysely } from 'kysely'
import { columnTypes } from './portable'

// Users, sessions, tickets with their timeline, followers, messages, worker tracks and uploads.
// Integer ids are autoincrement in SQLite and identity columns in PostgreSQL (see portable.ts).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  const types = columnTypes(db)
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('openid', 'text', (col) => col.notNull().unique())
    .addColumn('role', 'text', (col) => col.notNull().defaultTo('resident'))
    .addColumn('display_name', 'text', (col) => col.notNull())
    .addColumn('grid_id', 'text')
    .addColumn('on_duty', types.bool, (col) => col.notNull().defaultTo(0))
    .addColumn('lat', 'real')
    .addColumn('lng', 'real')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('users_role_grid').on('users').columns(['role', 'grid_id']).execute()

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('number', 'text', (col) => col.notNull().unique())
    .addColumn('reporter_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('category_id', 'text', (col) => col.notNull().references('categories.id'))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull())
    .addColumn('lat', 'real', (col) => col.notNull())
    .addColumn('lng', 'real', (col) => col.notNull())
    .addColumn('street', 'text', (col) => col.notNull())
    .addColumn('community', 'text', (col) => col.notNull())
    .addColumn('grid_id', 'text', (col) => col.notNull())
    .addColumn('address_note', 'text')
    .addColumn('source', 'text', (col) => col.notNull().defaultTo('app'))
    .addColumn('facility_id', 'text')
    .addColumn('assignee_id', 'integer', (col) => col.references('users.id'))
    .addColumn('idempotency_key', 'text')
    .addColumn('contact', types.json)
    .addColumn('due_at', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('reopen_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('follower_count', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('rating_score', 'integer')
    .addColumn('rating_tags', types.json)
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('reject_reason', 'text')
    .execute()
  // A retried submission finds its ticket through this index, and can never insert a second one.
  await db.schema.createIndex('tickets_idempotency').on('tickets').columns(['reporter_id', 'idempotency_key']).unique().execute()
  await db.schema.createIndex('tickets_reporter_created').on('tickets').columns(['reporter_id', 'id']).execute()
  await db.schema.createIndex('tickets_status_due').on('tickets').columns(['status', 'due_at']).execute()
  await db.schema.createIndex('tickets_assignee').on('tickets').columns(['assignee_id', 'status']).execute()
  await db.schema.createIndex('tickets_category_lat').on('tickets').columns(['category_id', 'lat']).execute()

  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('actor_role', 'text', (col) => col.notNull())
    .addColumn('actor_id', 'integer', (col) => col.references('users.id'))
    .addColumn('actor_name', 'text', (col) => col.notNull())
    .addColumn('note', 'text')
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'id']).execute()

  await db.schema
    .createTable('ticket_followers')
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('ticket_followers_pk', ['ticket_id', 'user_id'])
    .execute()
  await db.schema.createIndex('ticket_followers_user').on('ticket_followers').columns(['user_id', 'ticket_id']).execute()

  await db.schema
    .createTable('ticket_counters')
    .addColumn('day', 'text', (col) => col.primaryKey())
    .addColumn('last', 'integer', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('messages')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('event_id', 'integer', (col) => col.references('ticket_events.id'))
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('read_at', 'text')
    .execute()
  await db.schema.createIndex('messages_user').on('messages').columns(['user_id', 'id']).execute()

  await db.schema
    .createTable('worker_positions')
    .addColumn('id', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('worker_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('ticket_id', 'integer', (col) => col.references('tickets.id'))
    .addColumn('lat', 'real', (col) => col.notNull())
    .addColumn('lng', 'real', (col) => col.notNull())
    .addColumn('recorded_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('worker_positions_ticket').on('worker_positions').columns(['ticket_id', 'id']).execute()

  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('owner_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('ticket_id', 'integer', (col) => col.references('tickets.id'))
    .addColumn('event_id', 'integer', (col) => col.references('ticket_events.id'))
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('width', 'integer', (col) => col.notNull())
    .addColumn('height', 'integer', (col) => col.notNull())
    .addColumn('bytes', 'integer', (col) => col.notNull())
    .addColumn('thumb_bytes', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('uploads_ticket').on('uploads').columns(['ticket_id', 'event_id']).execute()
  await db.schema.createIndex('uploads_unattached').on('uploads').columns(['ticket_id', 'created_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['uploads', 'worker_positions', 'messages', 'ticket_counters', 'ticket_followers', 'ticket_events', 'tickets', 'sessions', 'users']) {
    await db.schema.dropTable(table).execute()
  }
}
