import type { Kysely } from 'kysely'

// Photo privacy (#20): each upload gets a protected copy (faces and plates blurred) before anyone
// but its uploader and staff sees it. The state of that copy lives on the upload row: 'pending'
// until the detector and blur succeeded ('ready'); failures stay pending with a retry time.
// Rows that exist already start pending, so the queue makes their protected copies at start.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on today's types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('uploads').addColumn('privacy_status', 'text', (col) => col.notNull().defaultTo('pending')).execute()
  await db.schema.alterTable('uploads').addColumn('privacy_attempts', 'integer', (col) => col.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('uploads').addColumn('privacy_retry_at', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('privacy_error', 'text').execute()
  // Bumped each time the protected copy is written again (a staff box): part of its URL.
  await db.schema.alterTable('uploads').addColumn('privacy_version', 'integer', (col) => col.notNull().defaultTo(0)).execute()
  // JSON text: the detected regions, and the boxes staff added, in the stored photo's pixels.
  await db.schema.alterTable('uploads').addColumn('privacy_regions', 'text').execute()
  await db.schema.alterTable('uploads').addColumn('privacy_manual', 'text', (col) => col.notNull().defaultTo('[]')).execute()
  await db.schema.createIndex('uploads_privacy_queue').on('uploads').columns(['privacy_status', 'privacy_retry_at']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('uploads_privacy_queue').execute()
  for (const column of ['privacy_manual', 'privacy_regions', 'privacy_version', 'privacy_error', 'privacy_retry_at', 'privacy_attempts', 'privacy_status']) {
    await db.schema.alterTable('uploads').dropColumn(column).execute()
  }
}
