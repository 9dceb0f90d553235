/**
 * Seeds facilities into a database: the default set on first start (see seed/geo.ts), or any
 * number for benchmarks, e.g. `await seedFacilities(db, { toilets: 50_000, garbagePoints: 50_000 })`.
 * Replaces every facility (and their ratings). Call FacilityService.reloadIndex() afterwards on a
 * running app.
 */
import type { Kysely } from 'kysely'
import type { DistrictGeo } from '../../geo/district-geo'
import { FACILITY_SEED, generateFacilities, type FacilityCounts } from '../../services/facilities-generator'
import type { Database } from '../schema'

/** 25 columns a row: 500 rows stay far below SQLite's 32,766 bound parameters. */
const CHUNK = 500

export interface SeedFacilitiesOptions extends FacilityCounts {
  seed?: number | string
  geo?: DistrictGeo
  now?: Date
}

export async function seedFacilities(db: Kysely<Database>, options: SeedFacilitiesOptions): Promise<number> {
  const rows = generateFacilities(options, options.seed ?? FACILITY_SEED, { geo: options.geo, now: options.now })
  const write = async (trx: Kysely<Database>) => {
    await trx.deleteFrom('facility_ratings').execute()
    await trx.deleteFrom('facilities').execute()
    for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('facilities').values(rows.slice(i, i + CHUNK)).execute()
  }
  if (db.isTransaction) await write(db)
  else await db.transaction().execute(write)
  return rows.length
}
