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

/** Uploads a generated JPEG as `token`'s user and returns the photo id. */
export async function uploadPhoto(app: FastifyInstance, token: string, image?: Buffer): Promise<string> {
  const { payload, contentType } = await multipart({ file: new Blob([new Uint8Array(image ?? (await jpeg()))], { type: 'image/jpeg' }) })
  const res = await app.inject({
    method: 'POST',
    url: '/api/uploads',
    payload,
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
  })
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string }>().id
}
