/** Real images for tests: generated with sharp, uploaded through the real multipart route. */
import type { FastifyInstance } from 'fastify'
import sharp from 'sharp'

export async function jpeg(width = 800, height = 600, color = '#c0392b'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer()
}

/** A multipart body for app.inject, built by the platform's own FormData encoder. */
export async function multipart(fields: Record<string, Blob | string>, fileName = 'photo.jpg') {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form.append(name, value)
    else form.append(name, value, fileName)
  }
  const request = new Request('http://local/upload', { method: 'POST', body: form })
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type')! }
}

/**
 * Uploads a generated JPEG as `token`'s user and returns the photo id. A worker's after-photo
 * passes `fields` ({ ticketId, lat, lng, coordSystem?, capturedAt? }); see afterPhotoFields.
 */
export async function uploadPhoto(app: FastifyInstance, token: string, image?: Buffer, fields: Record<string, string> = {}): Promise<string> {
  const { payload, contentType } = await multipart({ ...fields, file: new Blob([new Uint8Array(image ?? (await jpeg()))], { type: 'image/jpeg' }) })
  const res = await app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload,
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
  })
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string }>().id
}

/** The multipart fields of an after-photo taken at `at` (GCJ-02 by default) for `ticketId`. */
export function afterPhotoFields(ticketId: number, at: { lat: number; lng: number; coordSystem?: 'gcj02' | 'wgs84' }, capturedAt?: string): Record<string, string> {
  return {
    ticketId: String(ticketId),
    lat: String(at.lat),
    lng: String(at.lng),
    coordSystem: at.coordSystem ?? 'gcj02',
    ...(capturedAt ? { capturedAt } : {}),
  }
}
