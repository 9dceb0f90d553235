/**
 * Reporting a problem: photo uploads, filing the ticket (with its idempotency key), the duplicate
 * check and 我也遇到 (the street/community of a point is services/geo.ts). Returns typed data;
 * every failure is an ApiError with a Chinese message. (The outbox that resends reports lives in
 * domain/report/outbox.ts.)
 */
import type { Point } from '@contract/schemas'
import type { CreateTicketBody, NearbyTicket, TicketDetail } from '@contract/tickets'
import type { UploadResponse } from '@contract/uploads'
import { http } from './http'

/** Defined once in http.ts (beside the API base); re-exported for pages written before it moved. */
export { mediaUrl } from './http'

/** How far the duplicate check looks, in metres. */
export const DUPLICATE_RADIUS_METERS = 100

/**
 * Uploads one local photo (a temp/saved path on weapp, a blob: or data: URL on H5) through the
 * HTTP client, which sends it with Taro.uploadFile (axios cannot send files in a mini-program)
 * and signs in, renews and maps errors as for any request.
 */
export async function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<UploadResponse> {
  const { data } = await http.post<UploadResponse>('/uploads', undefined, {
    upload: { filePath, name: 'file', fileName: 'photo.jpg', onProgress },
    timeout: 60_000,
  })
  return data
}

/** Files the report. The same key always answers the same ticket: `created` is false for a repeat. */
export async function createTicket(body: CreateTicketBody, idempotencyKey: string): Promise<{ ticket: TicketDetail; created: boolean }> {
  const response = await http.post<TicketDetail>('/tickets', body, { headers: { 'Idempotency-Key': idempotencyKey } })
  return { ticket: response.data, created: response.status === 201 }
}

/** Open tickets of the category within ~100 m: the duplicate check before filing. */
export async function nearbyTickets(point: Point, categoryId: string, radius = DUPLICATE_RADIUS_METERS): Promise<NearbyTicket[]> {
  const { data } = await http.get<{ items: NearbyTicket[] }>('/tickets/nearby', {
    params: { lat: point.lat, lng: point.lng, radius, categoryId },
    anonymous: true,
  })
  return data.items
}

/** 我也遇到: follow an open ticket instead of filing the same problem again. */
export async function followTicket(ticketId: number): Promise<{ following: boolean; followerCount: number }> {
  // An empty JSON object: WeChat sends a JSON content type even without a body, which Fastify rejects.
  const { data } = await http.post<{ following: boolean; followerCount: number }>(`/tickets/${ticketId}/follow`, {})
  return data
}
