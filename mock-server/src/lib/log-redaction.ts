/**
 * What the logs never hold: bearer tokens, cookies, api keys, sign-in codes. Headers are cut by
 * pino's redact; the query string of every logged URL keeps its keys but loses secret values.
 */
import type { FastifyRequest } from 'fastify'

const SECRET_PARAM = /^(api_?key|key|token|access_token|code|js_code|secret|password|session|signature|sig)$/i
export const REDACTED = '[redacted]'

/** `/open311/v2/requests.json?api_key=abc&x=1` → `…?api_key=[redacted]&x=1`. */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?')
  if (mark === -1) return url
  const parts = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const key = eq === -1 ? pair : pair.slice(0, eq)
      let name = key
      try {
        name = decodeURIComponent(key.replace(/\+/g, ' '))
      } catch {
        name = key
      }
      return eq !== -1 && SECRET_PARAM.test(name) ? `${key}=${REDACTED}` : pair
    })
  return `${url.slice(0, mark)}?${parts.join('&')}`
}

/** Logger options merged into Fastify's: redacted headers and a request serializer without secrets. */
export const logRedaction = {
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'],
    censor: REDACTED,
  },
  serializers: {
    req(request: FastifyRequest) {
      return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }
    },
  },
}
