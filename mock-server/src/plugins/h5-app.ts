/**
 * Serves the built H5 app (dist-h5) at `/`. The app routes by hash, so plain static files suffice.
 * Without a build the backend still runs; `/` then says how to build the app.
 *
 * index.html itself is written per request (#19): the problem categories go into it as JSON
 * (`<script type="application/json" id="ybs-categories">`, read by src/services/inlinedCategories.h5.ts),
 * so the 上报 tab draws its grid without a round trip to /api/categories (562 ms on Slow 4G), and a
 * `Link: rel=preload` header names the entry's scripts and stylesheets so the browser can start them
 * before it has parsed the page. Its ETag covers the written page (categories included); it is
 * never cached without asking (no-cache), while hashed assets are cached for good.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import fastifyStatic from '@fastify/static'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { listCategories } from '../services/categories'

/** The element id the app reads (src/services/inlinedCategories.h5.ts). */
export const INLINED_CATEGORIES_ID = 'ybs-categories'

/**
 * JSON that is safe inside <script>: `<` (so no `</script>` or `<!--` ends or bends the element),
 * `>` and `&` as \u escapes, and U+2028/U+2029 too. JSON.parse reads them back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

/** The page with the categories before `</body>` (or at the end, for a page without one). */
export function withInlinedCategories(indexHtml: string, json: string): string {
  const tag = `<script type="application/json" id="${INLINED_CATEGORIES_ID}">${json}</script>`
  const at = indexHtml.lastIndexOf('</body>')
  return at < 0 ? indexHtml + tag : indexHtml.slice(0, at) + tag + indexHtml.slice(at)
}

/** `Link` header value preloading the entry's own scripts and stylesheets, as index.html names them. */
export function preloadLinks(indexHtml: string): string {
  const links: string[] = []
  for (const match of indexHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/gi)) links.push(`<${match[1]}>; rel=preload; as=script`)
  for (const match of indexHtml.matchAll(/<link\b[^>]*\bhref="([^"]+\.css)"[^>]*>/gi)) {
    if (/\brel="?stylesheet/i.test(match[0])) links.push(`<${match[1]}>; rel=preload; as=style`)
  }
  return links.join(', ')
}

interface Rendered {
  etag: string
  body: Buffer
  br: Buffer
  gzip: Buffer
}

export default fp(
  async (app, opts: { h5Dir: string }) => {
    const indexPath = path.join(opts.h5Dir, 'index.html')
    if (fs.existsSync(indexPath)) {
      const template = fs.readFileSync(indexPath, 'utf8')
      const link = preloadLinks(template)
      // The last page written, kept while the categories stay the same (they change rarely).
      let last: { json: string; page: Rendered } | undefined
      const render = async (request: FastifyRequest): Promise<Rendered> => {
        // Without the categories (database trouble) the page still loads: the app then asks /api/categories.
        const json = await listCategories(app.db).then(
          (items) => jsonForScript({ items }),
          (error: unknown) => {
            request.log.warn({ err: error }, 'index.html served without inlined categories')
            return ''
          },
        )
        if (last?.json === json) return last.page
        const body = Buffer.from(json ? withInlinedCategories(template, json) : template)
        const page = {
          etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
          body,
          br: zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
          gzip: zlib.gzipSync(body, { level: 9 }),
        }
        last = { json, page }
        return page
      }
      const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
        const page = await render(request)
        reply.header('Cache-Control', 'no-cache').header('ETag', page.etag).header('Vary', 'Accept-Encoding')
        if (link) reply.header('Link', link)
        const match = request.headers['if-none-match']
        if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === page.etag)) return reply.code(304).send()
        reply.type('text/html; charset=utf-8')
        const accepts = String(request.headers['accept-encoding'] ?? '')
        if (/\bbr\b/.test(accepts)) return reply.header('Content-Encoding', 'br').send(page.br)
        if (/\bgzip\b/.test(accepts)) return reply.header('Content-Encoding', 'gzip').send(page.gzip)
        return reply.send(page.body)
      }
      // Exact routes win over the static wildcard below.
      app.get('/', { schema: { hide: true } }, sendIndex)
      app.get('/index.html', { schema: { hide: true } }, sendIndex)

      // The build ships .br/.gz beside each asset (config/index.ts); serve those when the browser accepts them.
      await app.register(fastifyStatic, {
        root: opts.h5Dir,
        prefix: '/',
        index: false,
        wildcard: true,
        preCompressed: true,
        cacheControl: false, // set per file below
        // Names under js/, css/ and static/ carry a content hash: cache them for good; index.html never.
        setHeaders: (res, filePath) => {
          const hashed = /^(js|css|static)[\\/]/.test(path.relative(opts.h5Dir, filePath))
          res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
        },
      })
      return
    }
    app.log.warn({ h5Dir: opts.h5Dir }, 'no H5 build found; run `npm run build:h5` or `npm start`')
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('云报事 backend is running. The H5 app is not built: run `npm start`.\nAPI: /api  Docs: /docs\n'),
    )
  },
  { name: 'h5-app' },
)
