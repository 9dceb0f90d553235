/**
 * The in-memory spatial index of facilities over exact WGS-84 coordinates: for the k nearest by
 * great-circle distance a uniform grid (~4 facilities a cell) searched ring by ring around the
 * query's cell until no unseen cell can hold anything nearer than the k-th found; for bbox queries
 * a static kd-tree (kdbush). Filters (type, accessible, open now...) run as a predicate during
 * the search, so "10 nearest open toilets" is exact, never "10 nearest, then filtered". Rebuilt
 * from the table when facilities change (FacilityService.reloadIndex); a build of 100k takes tens
 * of milliseconds.
 *
 * The grid replaced geokdbush's best-first walk for nearest (#19): that walk allocates a queue
 * item per point and per kd node (~10 µs and much garbage per query at 100k); the ring search
 * allocates only its answer and reads coordinates stored cell by cell (~2 µs).
 *
 * Why not SQLite R*Tree: it stores 32-bit floats (re-check needed) and answers nearest-k ~5x slower
 * here; kdbush keeps the database portable (no virtual tables) and the hot path in memory.
 */
import KDBush from 'kdbush'
import type { FacilityType } from '@contract/facilities'
import type { Point } from '@contract/schemas'
import type { BBox } from '../geo/polygon'
import { isOpenAt, parseOpeningHours, type MinuteRange } from './facilities-hours'

export interface IndexedFacility {
  id: string
  type: FacilityType
  lat: number
  lng: number
  openingHours: string
  accessible: boolean
  babyCare: boolean
  free: boolean
}

export interface FacilityFilter {
  type?: FacilityType
  accessible?: boolean
  babyCare?: boolean
  free?: boolean
  /** Minute of day in China: only facilities open then. */
  openAtMinute?: number
}

/** The earth radius of lib/coords' distanceMeters, whose arithmetic nearestRefs repeats exactly. */
const EARTH_RADIUS_M = 6_371_008.8
const RAD = Math.PI / 180
/** Facilities per grid cell, on average. */
const PER_CELL = 4

/** The k nearest, nearest first: index positions and their great-circle metres (equal metres: lower position first). */
export interface NearestRefs {
  refs: number[]
  meters: number[]
}

const ACCESSIBLE = 1
const BABY_CARE = 2
const FREE = 4
const TYPE_CODES: Record<FacilityType, number> = { toilet: 1, garbage_point: 2 }

export class FacilityIndex {
  readonly size: number
  private readonly tree: KDBush | null
  private readonly ids: string[]
  private readonly lats: Float64Array
  private readonly lngs: Float64Array
  private readonly types: Uint8Array
  private readonly flags: Uint8Array
  /** Facilities share a few dozen distinct opening hours: each points at its pattern. */
  private readonly hoursRef: Uint16Array
  private readonly hoursPatterns: MinuteRange[][] = []
  /** The grid: cell c holds positions cellRefs[cellStart[c] .. cellStart[c + 1]), their coordinates beside them. */
  private readonly grid: {
    minLat: number
    minLng: number
    cellLat: number
    cellLng: number
    nx: number
    ny: number
    /** The smallest cos(latitude) of any facility (for the longitude lower bound). */
    minCos: number
    cellStart: Int32Array
    cellRefs: Int32Array
    lats: Float64Array
    lngs: Float64Array
    coss: Float64Array
  } | null
  private refsById: Map<string, number> | null = null

  constructor(items: readonly IndexedFacility[]) {
    const n = items.length
    this.size = n
    this.ids = new Array<string>(n)
    this.lats = new Float64Array(n)
    this.lngs = new Float64Array(n)
    this.types = new Uint8Array(n)
    this.flags = new Uint8Array(n)
    this.hoursRef = new Uint16Array(n)
    const patternIds = new Map<string, number>()
    this.tree = n ? new KDBush(n) : null
    items.forEach((item, i) => {
      this.ids[i] = item.id
      this.lats[i] = item.lat
      this.lngs[i] = item.lng
      this.types[i] = TYPE_CODES[item.type]
      this.flags[i] = (item.accessible ? ACCESSIBLE : 0) | (item.babyCare ? BABY_CARE : 0) | (item.free ? FREE : 0)
      let pattern = patternIds.get(item.openingHours)
      if (pattern === undefined) {
        pattern = this.hoursPatterns.push(parseOpeningHours(item.openingHours)) - 1
        patternIds.set(item.openingHours, pattern)
      }
      this.hoursRef[i] = pattern
      this.tree!.add(item.lng, item.lat)
    })
    this.tree?.finish()
    this.grid = n ? buildGrid(this.lats, this.lngs) : null
  }

  /** The id at an index position. */
  idAt(ref: number): string {
    return this.ids[ref]
  }

  /** The index position of an id (a map built on first use), or undefined. */
  refOf(id: string): number | undefined {
    this.refsById ??= new Map(this.ids.map((value, ref) => [value, ref]))
    return this.refsById.get(id)
  }

  /** Whether the facility at a position is open at a minute of the China day (its opening hours at the last build). */
  isOpenAtRef(ref: number, minuteOfDay: number): boolean {
    return isOpenAt(this.hoursPatterns[this.hoursRef[ref]], minuteOfDay)
  }

  /** A predicate over index positions for a filter; undefined when nothing is filtered. */
  matcher(filter: FacilityFilter): ((ref: number) => boolean) | undefined {
    const type = filter.type ? TYPE_CODES[filter.type] : 0
    const required = (filter.accessible ? ACCESSIBLE : 0) | (filter.babyCare ? BABY_CARE : 0) | (filter.free ? FREE : 0)
    const minute = filter.openAtMinute
    const openByPattern = minute === undefined ? null : Uint8Array.from(this.hoursPatterns, (ranges) => (isOpenAt(ranges, minute) ? 1 : 0))
    if (!type && !required && !openByPattern) return undefined
    return (ref) =>
      (!type || this.types[ref] === type) &&
      (this.flags[ref] & required) === required &&
      (!openByPattern || openByPattern[this.hoursRef[ref]] === 1)
  }

  /** The `limit` nearest matches to a WGS-84 point, by great-circle distance, nearest first. */
  nearest(point: Point, options: { limit: number; maxMeters?: number; filter?: FacilityFilter }): { id: string; meters: number }[] {
    const { refs, meters } = this.nearestRefs(point, options)
    return refs.map((ref, i) => ({ id: this.ids[ref], meters: meters[i] }))
  }

  /**
   * nearest() as index positions: rings of cells around the query's cell (clamped into the grid),
   * each point's distance computed as distanceMeters does (same operations, so the same metres);
   * after each ring, a lower bound on the distance to any cell outside it ends the search once the
   * k-th found is nearer. Bounds on a sphere: a point beyond a latitude line is at least R·Δφ away;
   * one beyond a meridian line (Δλ ≥ δ) at least 2R·asin(√(cos φq · cos φmin · sin²(δ/2))).
   */
  nearestRefs(point: Point, options: { limit: number; maxMeters?: number; filter?: FacilityFilter }): NearestRefs {
    const grid = this.grid
    const limit = Math.max(0, Math.floor(options.limit))
    if (!grid || limit === 0) return { refs: [], meters: [] }
    const predicate = options.filter && this.matcher(options.filter)
    const maxMeters = options.maxMeters ?? Infinity
    const { minLat, minLng, cellLat, cellLng, nx, ny, cellStart, cellRefs, lats, lngs, coss } = grid
    const lat = point.lat
    const lng = point.lng
    const cosQ = Math.cos(lat * RAD)
    const cx = clampInt(Math.floor((lng - minLng) / cellLng), nx)
    const cy = clampInt(Math.floor((lat - minLat) / cellLat), ny)
    const refs: number[] = []
    const meters: number[] = []
    /** Meters of the k-th found, Infinity until k are found (then only nearer ones get in). */
    let worst = Infinity
    const scanCell = (x: number, y: number) => {
      const c = y * nx + x
      for (let j = cellStart[c], end = cellStart[c + 1]; j < end; j++) {
        const bLat = lats[j]
        // Cheap reject: a latitude difference alone is a lower bound of the distance.
        if (Math.abs(bLat - lat) * RAD * EARTH_RADIUS_M > worst) continue
        const ref = cellRefs[j]
        if (predicate && !predicate(ref)) continue
        // distanceMeters(point, facility), operation for operation (cos of the facility's latitude precomputed).
        const dLat = (bLat - lat) * RAD
        const dLng = (lngs[j] - lng) * RAD
        const h = Math.sin(dLat / 2) ** 2 + cosQ * coss[j] * Math.sin(dLng / 2) ** 2
        const d = 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
        if (d > maxMeters || d > worst) continue
        let at = refs.length
        if (at === limit) {
          const last = at - 1
          if (d === meters[last] && ref > refs[last]) continue
          at = last
        } else {
          refs.push(0)
          meters.push(0)
        }
        while (at > 0 && (meters[at - 1] > d || (meters[at - 1] === d && refs[at - 1] > ref))) {
          refs[at] = refs[at - 1]
          meters[at] = meters[at - 1]
          at--
        }
        refs[at] = ref
        meters[at] = d
        if (refs.length === limit) worst = meters[limit - 1]
      }
    }
    for (let r = 0; ; r++) {
      const x0 = cx - r
      const x1 = cx + r
      const y0 = cy - r
      const y1 = cy + r
      if (r === 0) scanCell(cx, cy)
      else {
        const xa = Math.max(0, x0)
        const xb = Math.min(nx - 1, x1)
        if (y0 >= 0) for (let x = xa; x <= xb; x++) scanCell(x, y0)
        if (y1 < ny) for (let x = xa; x <= xb; x++) scanCell(x, y1)
        const ya = Math.max(0, y0 + 1)
        const yb = Math.min(ny - 1, y1 - 1)
        if (x0 >= 0) for (let y = ya; y <= yb; y++) scanCell(x0, y)
        if (x1 < nx) for (let y = ya; y <= yb; y++) scanCell(x1, y)
      }
      // The nearest any unscanned cell can be: the nearest of the square's sides not yet at the grid's edge.
      let bound = Infinity
      if (y0 > 0) bound = Math.min(bound, Math.max(0, lat - (minLat + y0 * cellLat)) * RAD * EARTH_RADIUS_M)
      if (y1 < ny - 1) bound = Math.min(bound, Math.max(0, minLat + (y1 + 1) * cellLat - lat) * RAD * EARTH_RADIUS_M)
      if (x0 > 0) bound = Math.min(bound, meridianBound(Math.max(0, lng - (minLng + x0 * cellLng)), cosQ, grid.minCos))
      if (x1 < nx - 1) bound = Math.min(bound, meridianBound(Math.max(0, minLng + (x1 + 1) * cellLng - lng), cosQ, grid.minCos))
      // Rounding margin: a bound a hair too large must not end the search early.
      bound *= 1 - 1e-9
      if (bound === Infinity || bound > maxMeters || bound > worst) break
    }
    return { refs, meters }
  }

  /** Matches inside a WGS-84 bbox, with their coordinates. */
  within(bbox: BBox, filter?: FacilityFilter): { id: string; lat: number; lng: number }[] {
    if (!this.tree) return []
    const predicate = filter && this.matcher(filter)
    const refs = this.tree.range(bbox[0], bbox[1], bbox[2], bbox[3])
    return refs.filter((ref) => !predicate || predicate(ref)).map((ref) => ({ id: this.ids[ref], lat: this.lats[ref], lng: this.lngs[ref] }))
  }
}

function clampInt(value: number, size: number): number {
  return value < 0 ? 0 : value >= size ? size - 1 : value
}

/** The least great-circle metres to any point whose longitude differs by at least `degrees`. */
function meridianBound(degrees: number, cosQ: number, minCos: number): number {
  const s = Math.sin(Math.min(180, degrees) * RAD / 2)
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(cosQ * minCos * s * s)))
}

/** A grid of ~PER_CELL facilities a cell over the points' bbox, cells about square on the ground. */
function buildGrid(lats: Float64Array, lngs: Float64Array) {
  const n = lats.length
  let minLat = Infinity
  let maxLat = -Infinity
  let minLng = Infinity
  let maxLng = -Infinity
  for (let i = 0; i < n; i++) {
    minLat = Math.min(minLat, lats[i])
    maxLat = Math.max(maxLat, lats[i])
    minLng = Math.min(minLng, lngs[i])
    maxLng = Math.max(maxLng, lngs[i])
  }
  const cosMid = Math.max(0.01, Math.cos(((minLat + maxLat) / 2) * RAD))
  const height = Math.max(maxLat - minLat, 1e-6)
  const width = Math.max((maxLng - minLng) * cosMid, 1e-6)
  const cells = Math.max(1, Math.ceil(n / PER_CELL))
  let cellLat = Math.max(Math.sqrt((height * width) / cells), 1e-7)
  let cellLng = cellLat / cosMid
  let nx = 0
  let ny = 0
  // Points along a line (a tiny width or height): coarser cells, never many more cells than points.
  for (;;) {
    nx = Math.floor((maxLng - minLng) / cellLng) + 1
    ny = Math.floor((maxLat - minLat) / cellLat) + 1
    if (nx * ny <= 4 * cells + 4) break
    cellLat *= 2
    cellLng *= 2
  }
  const cellOf = new Int32Array(n)
  const cellStart = new Int32Array(nx * ny + 1)
  for (let i = 0; i < n; i++) {
    const c = clampInt(Math.floor((lats[i] - minLat) / cellLat), ny) * nx + clampInt(Math.floor((lngs[i] - minLng) / cellLng), nx)
    cellOf[i] = c
    cellStart[c + 1]++
  }
  for (let c = 0; c < nx * ny; c++) cellStart[c + 1] += cellStart[c]
  const fill = cellStart.slice(0, nx * ny)
  const cellRefs = new Int32Array(n)
  const gridLats = new Float64Array(n)
  const gridLngs = new Float64Array(n)
  const coss = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const at = fill[cellOf[i]]++
    cellRefs[at] = i
    gridLats[at] = lats[i]
    gridLngs[at] = lngs[i]
    coss[at] = Math.cos(lats[i] * RAD)
  }
  const minCos = Math.min(Math.cos(minLat * RAD), Math.cos(maxLat * RAD))
  return { minLat, minLng, cellLat, cellLng, nx, ny, minCos, cellStart, cellRefs, lats: gridLats, lngs: gridLngs, coss }
}
