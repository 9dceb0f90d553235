/**
 * Where DistrictGeo comes from: the committed divisions file (seeding, unit tests) or the
 * database (the running server: the tables are the source of truth once seeded).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import type { MultiPolygon } from 'geojson'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { DIVISIONS_FILE, type DivisionFeature, type DivisionsCollection } from './divisions-file'
import { DistrictGeo } from './district-geo'

export interface DivisionsFile {
  collection: DivisionsCollection
  /** SHA-256 of the file, first 16 hex digits: the seed version of the geo tables. */
  hash: string
}

let cachedFile: DivisionsFile | undefined
let cachedGeo: DistrictGeo | undefined

export function readDivisionsFile(): DivisionsFile {
  if (!cachedFile) {
    const text = fs.readFileSync(DIVISIONS_FILE, 'utf8')
    cachedFile = {
      collection: JSON.parse(text) as DivisionsCollection,
      hash: crypto.createHash('sha256').update(text).digest('hex').slice(0, 16),
    }
  }
  return cachedFile
}

/** DistrictGeo from the committed file (memoised: it is immutable). */
export function districtGeoFromFile(): DistrictGeo {
  cachedGeo ??= new DistrictGeo(readDivisionsFile().collection)
  return cachedGeo
}

/** DistrictGeo from the geo_* tables. */
export async function loadDistrictGeo(db: Kysely<Database>): Promise<DistrictGeo> {
  const [districts, streets, communities, grids] = await Promise.all([
    db.selectFrom('geo_districts').selectAll().execute(),
    db.selectFrom('geo_streets').selectAll().orderBy('sort_order').execute(),
    db.selectFrom('geo_communities').selectAll().orderBy('sort_order').execute(),
    db.selectFrom('geo_grids').selectAll().orderBy('sort_order').execute(),
  ])
  if (!districts.length) throw new Error('geo tables are empty: the seed did not run')
  const shape = (boundary: string) => JSON.parse(boundary) as MultiPolygon
  const features: DivisionFeature[] = [
    ...districts.map((row): DivisionFeature => ({
      type: 'Feature',
      properties: { level: 'district', code: row.adcode, name: row.name },
      geometry: shape(row.boundary),
    })),
    ...streets.map((row): DivisionFeature => ({
      type: 'Feature',
      properties: { level: 'street', code: row.code, name: row.name, kind: row.kind, anchor: [row.seat_lng, row.seat_lat] },
      geometry: shape(row.boundary),
    })),
    ...communities.map((row): DivisionFeature => ({
      type: 'Feature',
      properties: { level: 'community', code: row.code, name: row.name, streetCode: row.street_code },
      geometry: shape(row.boundary),
    })),
    ...grids.map((row): DivisionFeature => ({
      type: 'Feature',
      properties: {
        level: 'grid',
        code: row.id,
        name: row.name,
        streetCode: row.street_code,
        communityCode: row.community_code,
        anchor: [row.center_lng, row.center_lat],
      },
      geometry: shape(row.boundary),
    })),
  ]
  return new DistrictGeo({ type: 'FeatureCollection', coordSystem: 'wgs84', source: 'database', seed: 0, features })
}
