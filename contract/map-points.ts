/**
 * The console map layer's compact points (GET /api/ops/map/tickets, MapTicketPoint in console.ts):
 * where each field stands in a point's array, and the reader the console and the tests share.
 * No TypeBox here, so the console bundle can import it.
 */
import type { MapTicketPoint, MapTicketsAnswer } from './console'
import { TICKET_STATUSES, type TicketStatus } from './lifecycle'

/** `[id, number, lat, lng, status, category, grid, overdue]` */
export const MAP_POINT = { id: 0, number: 1, lat: 2, lng: 3, status: 4, category: 5, grid: 6, overdue: 7 } as const

/** A map point read back into names. */
export interface MapPointFields {
  id: number
  number: string
  lat: number
  lng: number
  status: TicketStatus
  categoryId: string
  gridId: string
  overdue: boolean
}

export function readMapPoint(point: MapTicketPoint, answer: Pick<MapTicketsAnswer, 'categoryIds' | 'gridIds'>): MapPointFields {
  return {
    id: point[MAP_POINT.id],
    number: point[MAP_POINT.number],
    lat: point[MAP_POINT.lat],
    lng: point[MAP_POINT.lng],
    status: TICKET_STATUSES[point[MAP_POINT.status]],
    categoryId: answer.categoryIds[point[MAP_POINT.category]],
    gridId: answer.gridIds[point[MAP_POINT.grid]],
    overdue: point[MAP_POINT.overdue] === 1,
  }
}
