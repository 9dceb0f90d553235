import { Migrator, type Kysely } from 'kysely'
import { migrationProvider } from './migrations'
import { isPostgres, PostgresDdlPlugin } from './migrations/portable'
import type { Database } from './schema'

/** Brings the database to the latest schema; throws (and the server does not start) on failure. */
export async function migrateToLatest(db: Kysely<Database>, options: { schema?: string } = {}): Promise<string[]> {
  // PostgreSQL gets the same migrations with its column types (see migrations/portable.ts), and
  // its migration tables in the app's schema (Kysely otherwise finds another schema's and skips creating them).
  const pg = isPostgres(db)
  const target = pg ? db.withPlugin(new PostgresDdlPlugin()) : db
  const migrator = new Migrator({
    db: target,
    provider: migrationProvider,
    ...(pg ? { migrationTableSchema: options.schema ?? 'public' } : {}),
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
