/**
 * The migrations, in order. Listed in code (not read from a folder) so they bundle and
 * type-check like everything else; Kysely records which ran in its own table.
 */
import type { Migration, MigrationProvider } from 'kysely'
import * as m001 from './001_initial'
import * as m002 from './002_identity_tickets'
import * as m003 from './003_geo_facilities'
import * as m007 from './007_moderation'
import * as m004 from './004_console'
import * as m005 from './005_worker_mode'
import * as m006 from './006_notifications'
import * as m008 from './008_photo_privacy'
import * as m009 from './009_postgis'

const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_identity_tickets': m002,
  '003_geo_facilities': m003,
  '007_moderation': m007,
  '004_console': m004,
  '005_worker_mode': m005,
  '006_notifications': m006,
  '008_photo_privacy': m008,
  '009_postgis': m009,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
