/**
 * Facilities: the in-memory index for "nearest" and "in this bbox", the table for everything
 * else, and ratings. Rows map to the contract's camelCase here and nowhere else.
 * Coordinates: stored and indexed in WGS-84; queries and answers in the client's system.
 */
import type { Kysely, Selectable } from 'kysely'
import type {
  FacilitiesInBBoxResponse,
  FacilityDetail,
  FacilityFeedbackBody,
  FacilityFeedbackResponse,
  FacilitySummary,
  FacilityType,
  MyFacilityRating,
  NearbyFacility,
} from '@contract/facilities'
import { MAX_BBOX_SQUARE_DEGREES } from '@contract/facilities'
import type { CoordSystem, Point } from '@contract/schemas'
import type { Database } from '../db/schema'
import type { FacilitiesTable, FacilityRatingsTable } from '../db/tables/geo'
import type { BBox } from '../geo/polygon'
import { ApiError } from '../lib/api-error'
import { convert, fromWgs84 } from '../lib/coords'
import { chinaMinuteOfDay, isOpenNow } from './facilities-hours'
import { FacilityIndex, type FacilityFilter, type IndexedFacility } from './facilities-index'

export type FacilityRow = Selectable<FacilitiesTable>
type RatingRow = Selectable<FacilityRatingsTable>

export const WALKING_METERS_PER_MINUTE = 80

/**
 * A string's UTF-8 in a buffer of its own: kept for long, so not a slice of Node's shared 8 KB pool
 * (Buffer.from), which would keep the whole pool chunk alive for each cached part.
 */
function ownBuffer(text: string): Buffer {
  const buffer = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  buffer.write(text)
  return buffer
}

/** Around the items of nearestJson's answer. */
const ITEMS_OPEN = '{"items":['
const ITEMS_CLOSE = ']}'

/** A summary without openNow (the one field that depends on the time of the answer). */
type StaticSummary = Omit<FacilitySummary, 'openNow'>

/**
 * Summaries, built once per row object and coordinate system (rows are replaced, never mutated, on
 * change, so a new row gets a new summary): the hot paths (nearest, bbox) only add openNow (#19).
 */
const summariesOfRow = new WeakMap<FacilityRow, Partial<Record<CoordSystem, StaticSummary>>>()

function staticSummary(row: FacilityRow, coordSystem: CoordSystem): StaticSummary {
  let byCoordSystem = summariesOfRow.get(row)
  if (!byCoordSystem) summariesOfRow.set(row, (byCoordSystem = {}))
  const cached = byCoordSystem[coordSystem]
  if (cached) return cached
  const summary: StaticSummary = {
    id: row.id,
    type: row.type,
    name: row.name,
    address: row.address,
    street: row.street,
    community: row.community,
    gridId: row.grid_id,
    location: fromWgs84({ lat: row.lat, lng: row.lng }, coordSystem),
    coordSystem,
    openingHours: row.opening_hours,
    rating: {
      average: row.rating_count ? Math.round((row.rating_sum / row.rating_count) * 10) / 10 : 0,
      count: row.rating_count,
    },
  }
  if (row.type === 'toilet') {
    summary.toilet = {
      accessible: row.accessible === 1,
      babyCare: row.baby_care === 1,
      free: row.is_free === 1,
      starLevel: row.star_level ?? 1,
      cleaningStatus: row.cleaning_status ?? 'clean',
      lastCleanedAt: row.last_cleaned_at ?? row.updated_at,
    }
  } else {
    summary.garbagePoint = {
      bins: JSON.parse(row.bins ?? '[]'),
      recyclables: JSON.parse(row.recyclables ?? '[]'),
      collectionTimes: JSON.parse(row.collection_times ?? '[]'),
    }
  }
  // Shared between answers: frozen, so no caller can change another answer.
  byCoordSystem[coordSystem] = deepFreeze(summary)
  return summary
}

const summaryJsonOfRow = new WeakMap<FacilityRow, Partial<Record<CoordSystem, string>>>()

/** staticSummary's JSON without its closing brace, so per-answer fields can follow; cached like it. */
function staticSummaryJson(row: FacilityRow, coordSystem: CoordSystem): string {
  let byCoordSystem = summaryJsonOfRow.get(row)
  if (!byCoordSystem) summaryJsonOfRow.set(row, (byCoordSystem = {}))
  return (byCoordSystem[coordSystem] ??= JSON.stringify(staticSummary(row, coordSystem)).slice(0, -1))
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

export function toFacilitySummary(row: FacilityRow, coordSystem: CoordSystem, now: Date): FacilitySummary {
  return { ...staticSummary(row, coordSystem), openNow: isOpenNow(row.opening_hours, now) }
}

function toMyRating(row: Pick<RatingRow, 'score' | 'comment' | 'updated_at'>): MyFacilityRating {
  return { score: row.score, ...(row.comment ? { comment: row.comment } : {}), updatedAt: row.updated_at }
}

/**
 * `minLng,minLat,maxLng,maxLat`: four finite numbers, min < max, within lat/lng ranges and at most
 * MAX_BBOX_SQUARE_DEGREES in area (a sane map view; the whole district is ~0.1). 400 naming the field.
 */
export function parseBBox(text: string, field = 'querystring.bbox'): BBox {
  const parts = text.split(',').map((part) => part.trim())
  const numbers = parts.map(Number)
  if (parts.length !== 4 || parts.some((part) => part === '') || numbers.some((n) => !Number.isFinite(n))) {
    throw ApiError.invalidField(field, 'must be four numbers: minLng,minLat,maxLng,maxLat')
  }
  const [minLng, minLat, maxLng, maxLat] = numbers
  if (minLng < -180 || maxLng > 180 || minLat < -90 || maxLat > 90) throw ApiError.invalidField(field, 'is outside longitude/latitude ranges')
  if (minLng >= maxLng || minLat >= maxLat) throw ApiError.invalidField(field, 'needs minLng < maxLng and minLat < maxLat')
  if ((maxLng - minLng) * (maxLat - minLat) > MAX_BBOX_SQUARE_DEGREES || maxLng - minLng > 1 || maxLat - minLat > 1) {
    throw ApiError.invalidField(field, `is too large (at most ${MAX_BBOX_SQUARE_DEGREES} square degrees, 1° a side)`)
  }
  return [minLng, minLat, maxLng, maxLat]
}

/** Margin around a converted bbox: the GCJ-02 shift varies < 0.001° across 1°, so 0.002° is safe. */
const BBOX_MARGIN = 0.002

export interface NearestOptions {
  limit: number
  type?: FacilityType
  radiusMeters?: number
  openNow?: boolean
  accessible?: boolean
  babyCare?: boolean
  free?: boolean
}

/** What the spatial index keeps of a row: position and the attributes filters test. */
export function toIndexedFacility(
  row: Pick<FacilityRow, 'id' | 'type' | 'lat' | 'lng' | 'opening_hours'> & Partial<Pick<FacilityRow, 'accessible' | 'baby_care' | 'is_free'>>,
): IndexedFacility {
  return {
    id: row.id,
    type: row.type,
    lat: row.lat,
    lng: row.lng,
    openingHours: row.opening_hours,
    accessible: row.accessible === 1,
    babyCare: row.baby_care === 1,
    free: row.is_free === 1,
  }
}

export class FacilityService {
  private index = new FacilityIndex([])
  /** Every facility row by id, beside the index: the hot paths (nearest, bbox) run no SQL. */
  private rows = new Map<string, FacilityRow>()
  /** nearestJson's serialised unchanging part of each facility, by index position and coordinate system. */
  private jsonByRef: Partial<Record<CoordSystem, (Buffer | undefined)[]>> = {}

  constructor(protected readonly db: Kysely<Database>) {}

  get indexedCount(): number {
    return this.index.size
  }

  /** (Re)builds the spatial index from the table; call after facilities are added, moved or removed. */
  async reloadIndex(): Promise<{ count: number; ms: number }> {
    const started = performance.now()
    const rows = await this.db.selectFrom('facilities').selectAll().execute()
    this.rows = new Map(rows.map((row) => [row.id, row]))
    this.index = new FacilityIndex(rows.map(toIndexedFacility))
    this.jsonByRef = {}
    return { count: rows.length, ms: performance.now() - started }
  }

  async count(): Promise<number> {
    const { n } = await this.db.selectFrom('facilities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    return Number(n)
  }

  /** The indexed rows of these ids (from memory; ids removed since the last reload are missing). */
  rowsById(ids: readonly string[]): Map<string, FacilityRow> {
    const found = new Map<string, FacilityRow>()
    for (const id of ids) {
      const row = this.rows.get(id)
      if (row) found.set(id, row)
    }
    return found
  }

  async row(id: string): Promise<FacilityRow | undefined> {
    return this.db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** The nearest facilities to a WGS-84 point that pass every filter, nearest first. */
  async nearest(point: Point, options: NearestOptions, coordSystem: CoordSystem, now: Date): Promise<NearbyFacility[]> {
    return (await this.nearestRows(point, options, now)).map(({ row, distanceMeters }) => ({
      ...staticSummary(row, coordSystem),
      openNow: isOpenNow(row.opening_hours, now),
      distanceMeters,
      walkingMinutes: Math.ceil(distanceMeters / WALKING_METERS_PER_MINUTE),
    }))
  }

  /**
   * The same answer as `{ items: nearest(…) }`, as its JSON text in UTF-8 (#19: the hot path of the
   * map's first screen): the index answers positions, each position's unchanging part is encoded
   * once per coordinate system (kept by position until the next reload or a change of that
   * facility), only openNow and the distance are written per answer, into one buffer that goes to
   * the socket as it is (no string to flatten, measure and encode per answer; no objects per item).
   * tests/api/routes/facilities.test.ts checks it equals nearest() and matches the contract's schema.
   */
  async nearestJson(point: Point, options: NearestOptions, coordSystem: CoordSystem, now: Date): Promise<Buffer> {
    const index = this.index
    const minute = chinaMinuteOfDay(now)
    const { refs, meters } = index.nearestRefs(point, { limit: options.limit, maxMeters: options.radiusMeters, filter: this.filterOf(options, minute) })
    const cache = (this.jsonByRef[coordSystem] ??= [])
    const parts: Buffer[] = []
    const tails: string[] = []
    let size = ITEMS_OPEN.length + ITEMS_CLOSE.length
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i]
      let part = cache[ref]
      if (part === undefined) {
        const row = this.rows.get(index.idAt(ref))
        if (!row) continue // deleted since the last reload
        part = cache[ref] = ownBuffer(staticSummaryJson(row, coordSystem))
      }
      const distance = Math.round(meters[i])
      // ASCII only: one byte a character.
      const tail = `,"openNow":${index.isOpenAtRef(ref, minute)},"distanceMeters":${distance},"walkingMinutes":${Math.ceil(distance / WALKING_METERS_PER_MINUTE)}}`
      parts.push(part)
      tails.push(tail)
      size += part.length + tail.length + 1
    }
    const body = Buffer.allocUnsafe(size)
    let at = body.write(ITEMS_OPEN, 0, 'latin1')
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) body[at++] = 0x2c // ,
      at += parts[i].copy(body, at)
      at += body.write(tails[i], at, 'latin1')
    }
    at += body.write(ITEMS_CLOSE, at, 'latin1')
    return body.subarray(0, at)
  }

  /** nearestJson built from nearestRows (the database's search and rows: PostGIS). */
  protected async nearestJsonFromRows(point: Point, options: NearestOptions, coordSystem: CoordSystem, now: Date): Promise<Buffer> {
    const items = (await this.nearestRows(point, options, now)).map(
      ({ row, distanceMeters }) =>
        `${staticSummaryJson(row, coordSystem)},"openNow":${isOpenNow(row.opening_hours, now)},"distanceMeters":${distanceMeters},"walkingMinutes":${Math.ceil(distanceMeters / WALKING_METERS_PER_MINUTE)}}`,
    )
    return Buffer.from(`${ITEMS_OPEN}${items.join(',')}${ITEMS_CLOSE}`)
  }

  private filterOf(options: NearestOptions, minute: number): FacilityFilter {
    return {
      type: options.type,
      accessible: options.accessible,
      babyCare: options.babyCare,
      free: options.free,
      openAtMinute: options.openNow ? minute : undefined,
    }
  }

  private async nearestRows(point: Point, options: NearestOptions, now: Date): Promise<{ row: FacilityRow; distanceMeters: number }[]> {
    const filter = this.filterOf(options, chinaMinuteOfDay(now))
    const hits = await this.nearestHits(point, { limit: options.limit, maxMeters: options.radiusMeters, filter })
    const rows = await this.loadRows(hits.map((hit) => hit.id))
    const found: { row: FacilityRow; distanceMeters: number }[] = []
    for (const hit of hits) {
      const row = rows.get(hit.id)
      if (row) found.push({ row, distanceMeters: Math.round(hit.meters) }) // else deleted since the last reload
    }
    return found
  }

  /** Facilities inside a bbox given in `coordSystem`; when more than `limit`, those nearest its centre. */
  async inBBox(bbox: BBox, options: { type?: FacilityType; limit: number }, coordSystem: CoordSystem, now: Date): Promise<FacilitiesInBBoxResponse> {
    const [minLng, minLat, maxLng, maxLat] = bbox
    const inside = (p: Point) => p.lng >= minLng && p.lng <= maxLng && p.lat >= minLat && p.lat <= maxLat
    const outer = coordSystem === 'wgs84' ? bbox : this.toWgs84BBox(bbox, coordSystem, BBOX_MARGIN)
    let candidates = await this.withinBBox(outer, { type: options.type })
    if (coordSystem !== 'wgs84') {
      // Points well inside the converted bbox are inside for sure; only those near its edges need converting.
      const sure = this.toWgs84BBox(bbox, coordSystem, -BBOX_MARGIN)
      candidates = candidates.filter(
        (c) => (c.lng > sure[0] && c.lng < sure[2] && c.lat > sure[1] && c.lat < sure[3]) || inside(convert(c, 'wgs84', coordSystem)),
      )
    }
    const centre = convert({ lng: (minLng + maxLng) / 2, lat: (minLat + maxLat) / 2 }, coordSystem, 'wgs84')
    const chosen = candidates
      .map((c) => ({ id: c.id, d: (c.lng - centre.lng) ** 2 + (c.lat - centre.lat) ** 2 }))
      .sort((a, b) => a.d - b.d || (a.id < b.id ? -1 : 1))
      .slice(0, options.limit)
    const rows = await this.loadRows(chosen.map((c) => c.id))
    const items = chosen.flatMap((c) => {
      const row = rows.get(c.id)
      return row ? [toFacilitySummary(row, coordSystem, now)] : []
    })
    return { items, total: candidates.length, truncated: candidates.length > items.length }
  }

  /**
   * The spatial part, which PostGIS replaces (facilities-postgis.ts): the `limit` nearest matches
   * with their great-circle distance, nearest first; the matches inside a WGS-84 bbox; rows by id.
   */
  protected async nearestHits(point: Point, options: { limit: number; maxMeters?: number; filter: FacilityFilter }) {
    return this.index.nearest(point, options)
  }

  protected async withinBBox(bbox: BBox, filter: FacilityFilter): Promise<{ id: string; lat: number; lng: number }[]> {
    return this.index.within(bbox, filter)
  }

  protected async loadRows(ids: readonly string[]): Promise<Map<string, FacilityRow>> {
    return this.rowsById(ids)
  }

  /** A bbox in `from` as a WGS-84 bbox covering its four converted corners, grown by `margin` degrees. */
  private toWgs84BBox([minLng, minLat, maxLng, maxLat]: BBox, from: CoordSystem, margin: number): BBox {
    const corners = [
      { lng: minLng, lat: minLat },
      { lng: maxLng, lat: minLat },
      { lng: minLng, lat: maxLat },
      { lng: maxLng, lat: maxLat },
    ].map((corner) => convert(corner, from, 'wgs84'))
    const lngs = corners.map((c) => c.lng)
    const lats = corners.map((c) => c.lat)
    return [Math.min(...lngs) - margin, Math.min(...lats) - margin, Math.max(...lngs) + margin, Math.max(...lats) + margin]
  }

  async detail(id: string, coordSystem: CoordSystem, now: Date, userId?: number): Promise<FacilityDetail | undefined> {
    const row = await this.row(id)
    if (!row) return undefined
    const mine = userId === undefined ? undefined : await this.myRating(id, userId)
    return { ...toFacilitySummary(row, coordSystem, now), manager: row.manager, ...(mine ? { myRating: toMyRating(mine) } : {}) }
  }

  private myRating(facilityId: string, userId: number) {
    return this.db
      .selectFrom('facility_ratings')
      .select(['score', 'comment', 'updated_at'])
      .where('facility_id', '=', facilityId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  }

  /** Rates a facility: one rating per user; a second one replaces the first in the average. */
  async rate(
    facilityId: string,
    userId: number,
    body: Pick<FacilityFeedbackBody, 'score' | 'comment'>,
    coordSystem: CoordSystem,
    now: Date,
  ): Promise<Omit<FacilityFeedbackResponse, 'ticket'>> {
    const at = now.toISOString()
    const comment = body.comment?.trim() || null
    const row = await this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('facilities').select('id').where('id', '=', facilityId).executeTakeFirst()
      if (!exists) throw ApiError.notFound('Facility')
      const previous = await trx
        .selectFrom('facility_ratings')
        .select('score')
        .where('facility_id', '=', facilityId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      if (previous) {
        await trx
          .updateTable('facility_ratings')
          .set({ score: body.score, comment, updated_at: at })
          .where('facility_id', '=', facilityId)
          .where('user_id', '=', userId)
          .execute()
      } else {
        await trx
          .insertInto('facility_ratings')
          .values({ facility_id: facilityId, user_id: userId, score: body.score, comment, created_at: at, updated_at: at })
          .execute()
      }
      return trx
        .updateTable('facilities')
        .set((eb) => ({
          rating_sum: eb('rating_sum', '+', body.score - (previous?.score ?? 0)),
          rating_count: eb('rating_count', '+', previous ? 0 : 1),
          updated_at: at,
        }))
        .where('id', '=', facilityId)
        .returningAll()
        .executeTakeFirstOrThrow()
    })
    if (this.rows.has(row.id)) {
      this.rows.set(row.id, row) // keep the in-memory copy's rating current
      const ref = this.index.refOf(row.id)
      if (ref !== undefined) for (const cache of Object.values(this.jsonByRef)) cache[ref] = undefined
    }
    return {
      facility: toFacilitySummary(row, coordSystem, now),
      myRating: toMyRating({ score: body.score, comment, updated_at: at }),
    }
  }
}
