/**
 * Geography and facilities. Every coordinate and boundary is WGS-84 (boundaries are GeoJSON
 * MultiPolygon text; PostgreSQL can turn them into PostGIS geometry(MultiPolygon, 4326) as is).
 * Codes: street 440111-003, community 440111-003-02, grid 440111-003-02-1.
 */
import type { FacilityType, CleaningStatus } from '@contract/facilities'

export interface GeoDistrictsTable {
  adcode: string
  name: string
  boundary: string
}

export interface GeoStreetsTable {
  code: string
  name: string
  kind: 'street' | 'town'
  seat_lat: number
  seat_lng: number
  boundary: string
  sort_order: number
}

export interface GeoCommunitiesTable {
  code: string
  street_code: string
  name: string
  boundary: string
  sort_order: number
}

export interface GeoGridsTable {
  id: string
  name: string
  street_code: string
  community_code: string
  /** A point inside the grid, where its worker waits. */
  center_lat: number
  center_lng: number
  boundary: string
  sort_order: number
}

export interface FacilitiesTable {
  /** wc-00001 (toilets), gp-00001 (garbage points). */
  id: string
  type: FacilityType
  name: string
  address: string
  street: string
  community: string
  grid_id: string
  /** WGS-84, exact. */
  lat: number
  lng: number
  /** Asia/Shanghai, e.g. '06:00-22:00' or '07:00-09:00,19:00-21:00'; '00:00-24:00' = always. */
  opening_hours: string
  manager: string
  // toilets (null for garbage points); booleans are 0/1
  accessible: number | null
  baby_care: number | null
  is_free: number | null
  star_level: number | null
  cleaning_status: CleaningStatus | null
  last_cleaned_at: string | null
  // garbage points (null for toilets); JSON arrays of strings
  bins: string | null
  recyclables: string | null
  collection_times: string | null
  /** Sum and count of scores (seeded history plus users' ratings); average = sum / count. */
  rating_sum: number
  rating_count: number
  created_at: string
  updated_at: string
}

/** One rating per user per facility: a second rating replaces the first. */
export interface FacilityRatingsTable {
  facility_id: string
  user_id: number
  score: number
  comment: string | null
  created_at: string
  updated_at: string
}

export interface GeoTables {
  geo_districts: GeoDistrictsTable
  geo_streets: GeoStreetsTable
  geo_communities: GeoCommunitiesTable
  geo_grids: GeoGridsTable
  facilities: FacilitiesTable
  facility_ratings: FacilityRatingsTable
}
