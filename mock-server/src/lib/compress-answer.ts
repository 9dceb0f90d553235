/**
 * Compression for a large JSON answer (the console's map layer: every open ticket), as a route's
 * onSend hook: brotli when the client accepts it, else gzip, else as it is. Small answers (< 1 KB)
 * go as they are. Quality is set for speed: brotli 4 is about as fast as gzip 6 and smaller.
 */
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)
const MIN_BYTES = 1024

export async function compressAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
  const vary = reply.getHeader('vary')
  if (!vary) reply.header('vary', 'Accept-Encoding')
  else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, Accept-Encoding`)
  const bytes = Buffer.byteLength(payload)
  if (bytes < MIN_BYTES || reply.getHeader('content-encoding')) return payload
  const accepts = String(request.headers['accept-encoding'] ?? '')
  const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : null
  if (!encoding) return payload
  const body =
    encoding === 'br'
      ? await brotli(payload, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes } })
      : await gzip(payload, { level: 6 })
  reply.header('content-encoding', encoding)
  reply.removeHeader('content-length')
  return body
}
