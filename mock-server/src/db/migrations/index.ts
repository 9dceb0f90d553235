/**
 * The migrations, in order. Listed in code (not read from a folder) so they bundle and
 * type-check like everything else; Kysely records which ran in its own table.
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001_initial'

const migrations: Record<string, Migration> = {
  '001_initial': m001,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
