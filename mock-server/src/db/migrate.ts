import { Migrator, type Kysely } from 'kysely'
import { migrationProvider } from './migrations'
import type { Database } from './schema'

/** Brings the database to the latest schema; throws (and the server does not start) on failure. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) throw error instanceof Error ? error : new Error(String(error))
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
