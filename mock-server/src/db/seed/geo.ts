/**
 * Seeds the district's divisions (from mock-server/data/baiyun-divisions.geojson) and the default
 * facilities. Runs on every start and skips each part whose version in app_meta matches: a
 * restart costs a file hash and two reads. The divisions version is the file's hash; the
 * facilities version also names the generator's seed and counts, so changing either reseeds
 * (which drops facility ratings: reference data of a mock district, not user data to migrate).
 */
import type { Kysely } from 'kysely'
import type { DivisionFeature } from '../../geo/divisions-file'
import { districtGeoFromFile, readDivisionsFile } from '../../geo/load'
import { FACILITY_SEED } from '../../services/facilities-generator'
import type { Database } from '../schema'
import { seedFacilities } from './facilities'

export const DEFAULT_FACILITY_COUNTS = { toilets: 320, garbagePoints: 360 }
const FACILITIES_VERSION = `facilities-v1:${FACILITY_SEED}:${DEFAULT_FACILITY_COUNTS.toilets}:${DEFAULT_FACILITY_COUNTS.garbagePoints}`

async function meta(db: Kysely<Database>, key: string): Promise<string | undefined> {
  return (await db.selectFrom('app_meta').select('value').where('key', '=', key).executeTakeFirst())?.value
}

async function setMeta(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('app_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}

const boundary = (feature: DivisionFeature) => JSON.stringify(feature.geometry)

async function seedDivisions(db: Kysely<Database>, features: DivisionFeature[]): Promise<void> {
  await db.deleteFrom('geo_grids').execute()
  await db.deleteFrom('geo_communities').execute()
  await db.deleteFrom('geo_streets').execute()
  await db.deleteFrom('geo_districts').execute()
  const at = (level: DivisionFeature['properties']['level']) => features.filter((feature) => feature.properties.level === level)
  await db
    .insertInto('geo_districts')
    .values(at('district').map((f) => ({ adcode: f.properties.code, name: f.properties.name, boundary: boundary(f) })))
    .execute()
  await db
    .insertInto('geo_streets')
    .values(
      at('street').map((f, i) => ({
        code: f.properties.code,
        name: f.properties.name,
        kind: f.properties.kind ?? 'street',
        seat_lng: f.properties.anchor![0],
        seat_lat: f.properties.anchor![1],
        boundary: boundary(f),
        sort_order: i,
      })),
    )
    .execute()
  await db
    .insertInto('geo_communities')
    .values(
      at('community').map((f, i) => ({
        code: f.properties.code,
        street_code: f.properties.streetCode!,
        name: f.properties.name,
        boundary: boundary(f),
        sort_order: i,
      })),
    )
    .execute()
  const grids = at('grid')
  for (let i = 0; i < grids.length; i += 200) {
    await db
      .insertInto('geo_grids')
      .values(
        grids.slice(i, i + 200).map((f, j) => ({
          id: f.properties.code,
          name: f.properties.name,
          street_code: f.properties.streetCode!,
          community_code: f.properties.communityCode!,
          center_lng: f.properties.anchor![0],
          center_lat: f.properties.anchor![1],
          boundary: boundary(f),
          sort_order: i + j,
        })),
      )
      .execute()
  }
}

export async function seedGeoAndFacilities(db: Kysely<Database>): Promise<void> {
  const file = readDivisionsFile()
  const facilitiesVersion = `${FACILITIES_VERSION}:${file.hash}`
  const [geoVersion, seededFacilities] = await Promise.all([meta(db, 'geo_divisions_version'), meta(db, 'facilities_seed_version')])
  if (geoVersion === file.hash && seededFacilities === facilitiesVersion) return

  await db.transaction().execute(async (trx) => {
    if (geoVersion !== file.hash) {
      await seedDivisions(trx, file.collection.features)
      await setMeta(trx, 'geo_divisions_version', file.hash)
    }
    if (seededFacilities !== facilitiesVersion) {
      await seedFacilities(trx, { ...DEFAULT_FACILITY_COUNTS, geo: districtGeoFromFile() })
      await setMeta(trx, 'facilities_seed_version', facilitiesVersion)
    }
  })
}
