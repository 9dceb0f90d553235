/**
 * The district's divisions file and its shape: what the server reads at start (geo/load.ts) and
 * what the generator writes (geo/build-divisions.ts, which alone loads turf).
 */
import path from 'node:path'
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson'
import type { DivisionLevel } from '@contract/geo-basics'

export const DATA_DIR = path.resolve(__dirname, '../../data')
export const OUTLINE_FILE = path.join(DATA_DIR, 'baiyun-district.gcj02.geojson')
export const DIVISIONS_FILE = path.join(DATA_DIR, 'baiyun-divisions.geojson')
export const DIVISIONS_SEED = 440111

export type { DivisionLevel }

export interface DivisionProperties {
  level: DivisionLevel
  code: string
  name: string
  /** Streets: 街道 or 镇. */
  kind?: 'street' | 'town'
  streetCode?: string
  communityCode?: string
  /** Streets: the office; grids: a point inside (where a grid's worker waits). WGS-84 [lng, lat]. */
  anchor?: [number, number]
}

export type DivisionFeature = Feature<MultiPolygon, DivisionProperties>

export interface DivisionsCollection extends FeatureCollection<MultiPolygon, DivisionProperties> {
  coordSystem: 'wgs84'
  source: string
  seed: number
}
