import type { Kysely } from 'kysely'

// Worker mode (issue #12): WeChat accounts bound to worker records through one-time codes, how a
// worker is present in person (for the simulator), the capture point of each after-photo, and
// each resolve's idempotency key and distance flag. New tables only: the existing ones stay as they are.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('worker_accounts')
    .addColumn('openid', 'text', (col) => col.primaryKey())
    .addColumn('worker_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('bound_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('worker_accounts_worker').on('worker_accounts').column('worker_id').execute()

  await db.schema
    .createTable('worker_binding_codes')
    .addColumn('code_hash', 'text', (col) => col.primaryKey())
    .addColumn('worker_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_by', 'integer', (col) => col.references('users.id'))
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('used_at', 'text')
    .addColumn('used_by', 'integer', (col) => col.references('users.id'))
    .execute()
  await db.schema.createIndex('worker_binding_codes_worker').on('worker_binding_codes').columns(['worker_id', 'used_at']).execute()

  await db.schema
    .createTable('worker_presence')
    .addColumn('worker_id', 'integer', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('last_sign_in_at', 'text')
    .addColumn('duty_in_person', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('dropped_points', 'integer', (col) => col.notNull().defaultTo(0))
    .execute()

  await db.schema
    .createTable('after_photo_captures')
    .addColumn('upload_id', 'text', (col) => col.primaryKey().references('uploads.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('worker_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('lat', 'real', (col) => col.notNull())
    .addColumn('lng', 'real', (col) => col.notNull())
    .addColumn('captured_at', 'text', (col) => col.notNull())
    .addColumn('distance_m', 'real', (col) => col.notNull())
    .execute()

  await db.schema
    .createTable('work_resolutions')
    .addColumn('event_id', 'integer', (col) => col.primaryKey().references('ticket_events.id'))
    .addColumn('ticket_id', 'integer', (col) => col.notNull().references('tickets.id'))
    .addColumn('worker_id', 'integer', (col) => col.notNull().references('users.id'))
    .addColumn('idempotency_key', 'text')
    .addColumn('far_photos', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('max_distance_m', 'real')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
  await db.schema.createIndex('work_resolutions_key').on('work_resolutions').columns(['ticket_id', 'idempotency_key']).unique().execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['work_resolutions', 'after_photo_captures', 'worker_presence', 'worker_binding_codes', 'worker_accounts']) {
    await db.schema.dropTable(table).execute()
  }
}
