/** The public map and the transparency page (#15): public reads, and 我也遇到 through services/report. */
import type { PublicMapAnswer, PublicStatsAnswer, PublicTicket } from '@contract/public'
import type { PublicMapDays, PublicMapState, PublicStatsPeriod } from '@contract/public-stats'
import type { MapBBox } from '@/components/MapView/types'
import { http } from './http'

export interface PublicMapFilters {
  category?: string
  state?: PublicMapState
  days: PublicMapDays
}

/** Reports in the visible area (GCJ-02), at most 0.5° a side: a wider view is clipped around its centre. */
export async function listPublicReports(bbox: MapBBox, filters: PublicMapFilters): Promise<PublicMapAnswer> {
  const half = 0.24
  const cLat = (bbox.minLat + bbox.maxLat) / 2
  const cLng = (bbox.minLng + bbox.maxLng) / 2
  const box = [Math.max(bbox.minLng, cLng - half), Math.max(bbox.minLat, cLat - half), Math.min(bbox.maxLng, cLng + half), Math.min(bbox.maxLat, cLat + half)]
  const params: Record<string, string | number> = { bbox: box.map((v) => v.toFixed(5)).join(','), days: filters.days }
  if (filters.category) params.category = filters.category
  if (filters.state) params.state = filters.state
  const { data } = await http.get<PublicMapAnswer>('/public/tickets', { params, anonymous: true })
  return data
}

export async function getPublicReport(id: number): Promise<PublicTicket> {
  const { data } = await http.get<PublicTicket>(`/public/tickets/${id}`)
  return data
}

export async function getPublicStats(street: string | null, period: PublicStatsPeriod): Promise<PublicStatsAnswer> {
  const params: Record<string, string | number> = { period }
  if (street) params.street = street
  const { data } = await http.get<PublicStatsAnswer>('/stats', { params, anonymous: true })
  return data
}
