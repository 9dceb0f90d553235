/**
 * Reporting a problem: photo uploads, filing the ticket (with its idempotency key), the duplicate
 * check and 我也遇到 (the street/community of a point is services/geo.ts). Returns typed data;
 * every failure is an ApiError with a Chinese message. (The outbox that resends reports lives in
 * domain/report/outbox.ts.)
 */
import Taro from '@tarojs/taro'
import { errorMessageZh, isErrorCode } from '@contract/errors'
import type { Point } from '@contract/schemas'
import type { CreateTicketBody, NearbyTicket, TicketDetail } from '@contract/tickets'
import type { UploadResponse } from '@contract/uploads'
import { ApiError, type FieldError } from './apiError'
import { defaultApiBase, http, signInSilently } from './http'
import { clearSession, storedSession } from './session'

/** How far the duplicate check looks, in metres. */
export const DUPLICATE_RADIUS_METERS = 100

/** Media URLs are paths under the API origin: '' on H5 (same origin), the API host on weapp. */
export function mediaUrl(path: string): string {
  if (/^(https?:|data:|blob:)/.test(path)) return path
  return defaultApiBase().replace(/\/api\/?$/, '') + path
}

async function bearerToken(renew: boolean): Promise<string> {
  if (renew) clearSession()
  await signInSilently()
  const session = storedSession()
  if (!session) throw new ApiError('NETWORK', 0, errorMessageZh('NETWORK'))
  return session.token
}

function uploadFailure(statusCode: number, body: unknown): ApiError {
  let parsed: { code?: unknown; details?: FieldError[] } = {}
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) : (body as typeof parsed) ?? {}
  } catch {
    // not JSON (a proxy's error page): the status decides
  }
  const code = isErrorCode(parsed.code) ? parsed.code : statusCode >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'
  return new ApiError(code, statusCode, errorMessageZh(code, statusCode), Array.isArray(parsed.details) ? parsed.details : [])
}

/**
 * Uploads one local photo (a temp/saved path on weapp, a blob: or data: URL on H5) with
 * Taro.uploadFile (axios cannot send files in a mini-program). Signs in like the HTTP client does
 * and, on a 401, renews the session and tries once more.
 */
export async function uploadPhoto(filePath: string, onProgress?: (percent: number) => void): Promise<UploadResponse> {
  for (const renew of [false, true]) {
    const token = await bearerToken(renew)
    let result: Taro.uploadFile.SuccessCallbackResult
    try {
      const task = Taro.uploadFile({
        url: `${defaultApiBase()}/uploads`,
        filePath,
        name: 'file',
        fileName: 'photo.jpg',
        header: { Authorization: `Bearer ${token}` },
        timeout: 60_000,
      })
      if (onProgress) task.onProgressUpdate?.(({ progress }) => onProgress(progress))
      result = await task
    } catch (failure) {
      const message = String((failure as { errMsg?: string } | null)?.errMsg ?? failure)
      const code = /time ?out/i.test(message) ? 'TIMEOUT' : 'NETWORK'
      throw new ApiError(code, 0, errorMessageZh(code))
    }
    if (result.statusCode === 401 && !renew) continue
    if (result.statusCode !== 201 && result.statusCode !== 200) throw uploadFailure(result.statusCode, result.data)
    return (typeof result.data === 'string' ? JSON.parse(result.data) : result.data) as UploadResponse
  }
  throw new ApiError('UNAUTHORIZED', 401, errorMessageZh('UNAUTHORIZED'))
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
