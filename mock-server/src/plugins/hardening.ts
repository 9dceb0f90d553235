/**
 * Security infrastructure for every route (see README "Security and privacy"):
 * - headers through helmet (built once): a CSP that fits the H5 app at / (Taro's inline boot script is
 *   allowed by its hash, Leaflet needs inline styles, photos are blob:/data: before upload) and the
 *   operator console at /console/ (same-origin scripts, EventSource to the same origin), nosniff,
 *   frame-ancestors 'none';
 * - JSON bodies: at most 64 KB and 32 levels deep, checked by one linear scan before JSON.parse (a
 *   1 MB body of nested arrays held the event loop ~250 ms in JSON.parse and the garbage collector);
 * - every number that reaches a handler is finite: Ajv coerces "Infinity" and "1e400" to ±Infinity
 *   and its range checks let them through, so one hook after validation refuses any non-finite
 *   number in params, query or body with a 400 naming the field.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
// The middleware @fastify/helmet wraps (its own dependency, the version its lockfile entry pins).
import helmet from 'helmet'
import { ApiError } from '../lib/api-error'

/** sha256 sources of the inline <script>s of a built index.html, so the CSP allows exactly those. */
export function inlineScriptHashes(indexHtml: string): string[] {
  const hashes: string[] = []
  for (const match of indexHtml.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (!match[1]) continue
    hashes.push(`'sha256-${crypto.createHash('sha256').update(match[1]).digest('base64')}'`)
  }
  return hashes
}

function readHashes(folder: string | undefined): string[] {
  if (!folder) return []
  try {
    return inlineScriptHashes(fs.readFileSync(path.join(folder, 'index.html'), 'utf8'))
  } catch {
    return []
  }
}

export function contentSecurityPolicy(scriptHashes: string[]) {
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
      scriptSrc: ["'self'", ...scriptHashes],
      scriptSrcAttr: ["'none'"],
      // Leaflet positions tiles and markers with inline styles; Taro and React set style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      // Photos are previewed as blob:/data: before upload; map tiles may come from TARO_APP_MAP_TILES.
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      // fetch and EventSource (the console's live events) to this origin only; Taro's H5 uploadFile
      // reads the chosen photo's data:/blob: URL with XHR before sending it (#12, report and after-photos).
      connectSrc: ["'self'", 'data:', 'blob:'],
      workerSrc: ["'self'", 'blob:'],
      manifestSrc: ["'self'"],
    },
  }
}

/** The largest JSON body any route takes is a few KB (60 positions, a ticket); 64 KB is generous. */
export const JSON_BODY_LIMIT = 64 * 1024
export const JSON_MAX_DEPTH = 32

/** The nesting depth of a JSON text, stopping as soon as it passes `max` (strings are skipped). */
export function jsonDepthOver(text: string, max: number): boolean {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22) {
      // a string: skip to its closing quote, past escapes
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === 0x5c) i++
        else if (d === 0x22) break
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true
    } else if (c === 0x7d || c === 0x5d) {
      depth--
    }
  }
  return false
}

/** The first non-finite number in a parsed input, as a field path (`querystring.lat`), or null. */
export function nonFiniteField(value: unknown, pathSoFar: string, depth = 0): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : pathSoFar
  if (value === null || typeof value !== 'object' || depth > 32) return null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFiniteField(value[i], `${pathSoFar}.${i}`, depth + 1)
      if (found) return found
    }
    return null
  }
  for (const key of Object.keys(value)) {
    const found = nonFiniteField((value as Record<string, unknown>)[key], `${pathSoFar}.${key}`, depth + 1)
    if (found) return found
  }
  return null
}

export function assertFiniteInput(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): void {
  const field =
    nonFiniteField(request.params, 'params') ?? nonFiniteField(request.query, 'querystring') ?? nonFiniteField(request.body, 'body')
  if (field) throw ApiError.invalidField(field, 'must be a finite number')
}

/**
 * The headers a helmet middleware sets, when it sets them synchronously, reads nothing of the
 * request or response and removes nothing but X-Powered-By (which we never set); else null.
 */
export function fixedHeaders(middleware: ReturnType<typeof helmet>): [string, string][] | null {
  const headers: [string, string][] = []
  let fixed = true
  let finished = false
  const refuse = () => {
    fixed = false
    return undefined
  }
  const req = new Proxy({}, { get: refuse })
  const res = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (key === 'setHeader') return (name: string, value: unknown) => void (typeof value === 'string' ? headers.push([name, value]) : refuse())
        if (key === 'removeHeader') return (name: string) => void (name.toLowerCase() === 'x-powered-by' || refuse())
        return refuse()
      },
    },
  )
  middleware(req as never, res as never, (error?: unknown) => {
    if (error) fixed = false
    finished = true
  })
  return fixed && finished ? headers : null
}

export default fp(
  async (app, opts: { h5Dir?: string; consoleDir?: string }) => {
    const hashes = [...new Set([...readHashes(opts.h5Dir), ...readHashes(opts.consoleDir)])]
    // helmet's middleware built once: @fastify/helmet 13 builds it (and parses the CSP) again on
    // every request, ~7 % of a GET /api/facilities/nearest (#19). Same headers, on every reply.
    const securityHeaders = helmet({
      contentSecurityPolicy: contentSecurityPolicy(hashes),
      // Cross-origin embedding is not needed; photos are shown by this origin and by WeChat (no CORP there).
      crossOriginEmbedderPolicy: false,
      frameguard: { action: 'deny' },
      // Plain http on loopback in development; behind TLS in production HSTS is on.
      hsts: app.config.production,
    })
    // Our directives are all fixed strings, so every reply gets the same headers: taken from one
    // run of the middleware and set from that list (#19: helmet's chain of 13 middlewares was ~3 %
    // of a GET /api/facilities/nearest). Should an option ever depend on the request, it runs per request.
    const fixed = fixedHeaders(securityHeaders)
    if (fixed) {
      app.addHook('onRequest', (_request, reply, done) => {
        const res = reply.raw
        for (const [name, value] of fixed) res.setHeader(name, value)
        done()
      })
    } else {
      app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)))
    }
    app.addHook('preHandler', (request, _reply, done) => {
      try {
        assertFiniteInput(request)
      } catch (error) {
        return done(error as Error)
      }
      done()
    })

    const parseJson = app.getDefaultJsonParser('error', 'error')
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (request, body, done) => {
      if (jsonDepthOver(body as string, JSON_MAX_DEPTH)) {
        done(ApiError.invalidField('body', `is nested deeper than ${JSON_MAX_DEPTH} levels`), undefined)
        return
      }
      parseJson(request, body as string, done)
    })
  },
  { name: 'hardening' },
)
