/**
 * Public toilets and garbage points: the nearest ones, the ones on the map, one in detail, and a
 * rating. Coordinates are GCJ-02 both ways. Reading is anonymous; detail sends the token when
 * there is one (for "my rating") and rating needs sign-in.
 * Also the small pure helpers the 附近设施 list and the detail page share (filters, distances);
 * the labels are the contract's (contract/facility-types.ts).
 */
import type {
  FacilitiesInBBoxResponse,
  FacilityDetail,
  FacilityFeedbackResponse,
  FacilitySummary,
  NearbyFacility,
  NearestFacilitiesResponse,
} from '@contract/facilities'
import type { FacilityType } from '@contract/facility-types'
import type { LatLng, MapBBox } from '@/components/MapView/types'
import { http } from './http'

export type FacilityTypeChoice = FacilityType | 'all'

/** The list's filters; each true means "only those". */
export interface FacilityFilters {
  openNow?: boolean
  accessible?: boolean
  babyCare?: boolean
  free?: boolean
}

export const FACILITY_FILTER_LABELS: Record<keyof FacilityFilters, string> = {
  openNow: '营业中',
  accessible: '无障碍',
  babyCare: '母婴室',
  free: '免费',
}

export interface NearestOptions {
  type?: FacilityTypeChoice
  filters?: FacilityFilters
  /** 1..50, default 20. */
  limit?: number
  /** Metres. */
  radius?: number
}

/** Only the filters that are on: the API reads an absent flag as "no constraint". */
function activeFilters(filters: FacilityFilters = {}): FacilityFilters {
  return Object.fromEntries(Object.entries(filters).filter(([, on]) => on)) as FacilityFilters
}

export async function nearestFacilities(point: LatLng, { type = 'all', filters, limit = 20, radius }: NearestOptions = {}): Promise<NearbyFacility[]> {
  const { data } = await http.get<NearestFacilitiesResponse>('/facilities/nearest', {
    params: { lat: point.lat, lng: point.lng, coordSystem: 'gcj02', type, limit, radius, ...activeFilters(filters) },
    anonymous: true,
  })
  return data.items
}

/** The API refuses boxes over 0.25 square degrees; a zoomed-out map asks for its centre part. */
const MAX_BBOX_SIDE_DEGREES = 0.45

export function clampBBox(bbox: MapBBox): MapBBox {
  const clamp = (min: number, max: number) => {
    if (max - min <= MAX_BBOX_SIDE_DEGREES) return [min, max]
    const middle = (min + max) / 2
    return [middle - MAX_BBOX_SIDE_DEGREES / 2, middle + MAX_BBOX_SIDE_DEGREES / 2]
  }
  const [minLat, maxLat] = clamp(bbox.minLat, bbox.maxLat)
  const [minLng, maxLng] = clamp(bbox.minLng, bbox.maxLng)
  return { minLat, minLng, maxLat, maxLng }
}

/** A box with no area (a map not laid out yet) would be refused by the API. */
export function isUsableBBox(bbox: MapBBox): boolean {
  return bbox.maxLat - bbox.minLat > 1e-6 && bbox.maxLng - bbox.minLng > 1e-6
}

export async function facilitiesInBBox(bbox: MapBBox, { type = 'all', limit = 500 }: { type?: FacilityTypeChoice; limit?: number } = {}): Promise<FacilitiesInBBoxResponse> {
  const box = clampBBox(bbox)
  const round = (value: number) => value.toFixed(5)
  const { data } = await http.get<FacilitiesInBBoxResponse>('/facilities', {
    params: { bbox: [box.minLng, box.minLat, box.maxLng, box.maxLat].map(round).join(','), coordSystem: 'gcj02', type, limit },
    anonymous: true,
  })
  return data
}

export async function getFacility(id: string): Promise<FacilityDetail> {
  const { data } = await http.get<FacilityDetail>(`/facilities/${encodeURIComponent(id)}`, { params: { coordSystem: 'gcj02' } })
  return data
}

export async function rateFacility(id: string, score: number, comment?: string): Promise<FacilityFeedbackResponse> {
  const body = comment?.trim() ? { score, comment: comment.trim() } : { score }
  const { data } = await http.post<FacilityFeedbackResponse>(`/facilities/${encodeURIComponent(id)}/feedback`, body, {
    params: { coordSystem: 'gcj02' },
  })
  return data
}

/* ---------- pure helpers ---------- */

/** "85米", "1.2公里": what a resident reads at a glance. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.round(meters)}米`
  return `${(meters / 1000).toFixed(meters < 10_000 ? 1 : 0)}公里`
}

/** "步行约4分钟"; under a minute reads "步行1分钟内". */
export function formatWalking(minutes: number): string {
  return minutes <= 1 ? '步行1分钟内' : `步行约${minutes}分钟`
}

/** Nearest first; equal distances by name so the order is stable. */
export function sortByDistance<T extends NearbyFacility>(items: T[]): T[] {
  return [...items].sort((a, b) => a.distanceMeters - b.distanceMeters || a.name.localeCompare(b.name, 'zh-CN'))
}

/**
 * The same filters the API applies, for facilities it could not filter (the bbox markers).
 * Toilet-only filters (accessible, baby care, free) exclude garbage points, as the API does.
 */
export function matchesFilters(facility: FacilitySummary, filters: FacilityFilters): boolean {
  if (filters.openNow && !facility.openNow) return false
  const toiletOnly = filters.accessible || filters.babyCare || filters.free
  if (!toiletOnly) return true
  const toilet = facility.toilet
  if (!toilet) return false
  return (!filters.accessible || toilet.accessible) && (!filters.babyCare || toilet.babyCare) && (!filters.free || toilet.free)
}

/** Name or address contains every word typed (spaces separate words). */
export function matchesSearch(facility: FacilitySummary, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const haystack = `${facility.name} ${facility.address} ${facility.street} ${facility.community}`.toLowerCase()
  return words.every((word) => haystack.includes(word))
}

/** "全天开放", or "06:30-09:30、18:00-22:00". */
export function formatOpeningHours(hours: string): string {
  if (hours === '00:00-24:00') return '全天开放'
  return hours.split(',').join('、')
}
