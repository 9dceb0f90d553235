import type { Kysely } from 'kysely'
import type { Database } from '../schema'

/** Seeds streets, grids and facilities: filled by the geo/facilities work. */
export async function seedGeoAndFacilities(_db: Kysely<Database>): Promise<void> {}
