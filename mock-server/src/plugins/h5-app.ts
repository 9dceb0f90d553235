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
 *
 * The entry script and stylesheet go into the page too (#19 part 2, `inlineEntry`): on Slow 4G
 * (562 ms per round trip) fetching app.js after the page cost one more round trip, and the first
 * screen waited for it (bench: interactive 2.48 s vs 1.50 s for a plain page). The trade-off, weighed:
 * - first visit: one response instead of three; the same bytes (the page is compressed as a whole
 *   with brotli 11, the script compresses as well inside it as alone); grid at 1407 ms instead of
 *   2128 ms (Slow 4G, medians of 5, same build);
 * - repeat visit, nothing changed: a 304 either way (the ETag covers script, styles and categories);
 *   measured on Slow 4G, grid at 766 ms inline vs 758 ms external (medians of 5);
 * - repeat visit after a category edit: the whole page again (~125 KB) where the external script
 *   would have come from the cache (immutable) and only ~2.5 KB of page travelled: grid at 1550 ms
 *   instead of 759 ms. Category edits are rare (an operator's change); after a deploy app.js is new
 *   either way, and one response of ~125 KB beats page + script (two round trips);
 * - Chromium keeps V8's code cache for external scripts only: a repeat load of a changed page
 *   compiles the script again (not measured; the first-load CPU is ~100 ms in all);
 * - the lazy chunks (other tabs, subpackages) stay external files, cached for good as before;
 * - CSP: the inline script is allowed by its sha256 on this reply only (every other reply keeps
 *   the policy of plugins/hardening.ts); the page is compressed once per version (categories or
 *   build), asynchronously (~0.9 s of brotli 11 on a thread), not per request: the first request
 *   after a category edit waits for it once (the page at start is written before listening).
 * H5_INLINE_ENTRY=0 (or `inlineEntry: false`) serves the entry as files again, for comparing.
 * A script or stylesheet that cannot sit inside an element (`</script`, `<!--`, `</style`) is left
 * external, with its preload link, as before.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import fastifyStatic from '@fastify/static'
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
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

/** One entry asset as the page can carry it: the tag the build wrote and the element replacing it. */
interface InlineAsset {
  tag: string
  element: string
}

/** The entry's scripts and stylesheets read from the build, and the page with them written in. */
export interface InlinedEntry {
  /** The template with the inlinable assets' tags removed (styles in place); scripts go in by `withEntryScripts`. */
  template: string
  /** `<script>` elements to put at the end of <body>, after the inlined categories. */
  scripts: string
  /** CSP sources (`'sha256-…'`) of those scripts. */
  scriptHashes: string[]
}

const publicFile = (h5Dir: string, url: string): string | null => {
  if (!url.startsWith('/') || url.startsWith('//') || url.includes('..')) return null
  const file = path.join(h5Dir, url.split(/[?#]/)[0])
  return fs.existsSync(file) ? file : null
}

/**
 * Reads the entry's `<script src>` and stylesheet `<link>`s (same-origin files of the build) and
 * writes them into the page: styles as `<style>` where the link was, scripts as `<script>` at the
 * end of <body> (they were `defer`: they ran after parsing, and the app reads the inlined categories
 * at start). A file that could end or bend its element is left as it was.
 */
export function inlineEntry(indexHtml: string, h5Dir: string): InlinedEntry {
  let template = indexHtml
  const scripts: InlineAsset[] = []
  for (const match of indexHtml.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*><\/script>/gi)) {
    const file = publicFile(h5Dir, match[1])
    const text = file && fs.readFileSync(file, 'utf8')
    if (!text || /<\/script|<!--/i.test(text)) continue
    scripts.push({ tag: match[0], element: `<script>${text}</script>` })
  }
  for (const match of indexHtml.matchAll(/<link\b[^>]*\bhref="([^"]+\.css)"[^>]*>/gi)) {
    if (!/\brel="?stylesheet/i.test(match[0])) continue
    const file = publicFile(h5Dir, match[1])
    const text = file && fs.readFileSync(file, 'utf8')
    if (!text || /<\/style/i.test(text)) continue
    template = template.replace(match[0], () => `<style>${text}</style>`)
  }
  for (const script of scripts) template = template.replace(script.tag, '')
  const scriptHashes = scripts.map((s) => `'sha256-${crypto.createHash('sha256').update(s.element.slice(8, -9)).digest('base64')}'`)
  return { template, scripts: scripts.map((s) => s.element).join(''), scriptHashes }
}

/** The page with the entry scripts before `</body>` (after the categories, which the app reads at start). */
export function withEntryScripts(indexHtml: string, scripts: string): string {
  if (!scripts) return indexHtml
  const at = indexHtml.lastIndexOf('</body>')
  return at < 0 ? indexHtml + scripts : indexHtml.slice(0, at) + scripts + indexHtml.slice(at)
}

/** A CSP header value with `sources` added to its script-src (or a script-src made of 'self' and them). */
export function withScriptSources(policy: string, sources: string[]): string {
  if (!sources.length) return policy
  const directives = policy.split(';').map((d) => d.trim()).filter(Boolean)
  const at = directives.findIndex((d) => /^script-src\s/i.test(d) || d.toLowerCase() === 'script-src')
  if (at < 0) return [...directives, `script-src 'self' ${sources.join(' ')}`].join(';')
  directives[at] = `${directives[at]} ${sources.join(' ')}`
  return directives.join(';')
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
  async (app, opts: { h5Dir: string; inlineEntry?: boolean }) => {
    const indexPath = path.join(opts.h5Dir, 'index.html')
    if (fs.existsSync(indexPath)) {
      const built = fs.readFileSync(indexPath, 'utf8')
      // H5_INLINE_ENTRY=0 serves the entry as external files (for measuring the difference).
      const inline = opts.inlineEntry ?? process.env.H5_INLINE_ENTRY !== '0'
      const entry = !inline ? { template: built, scripts: '', scriptHashes: [] } : inlineEntry(built, opts.h5Dir)
      const template = entry.template
      // Only what is still fetched is preloaded (an inlined asset named here would travel twice).
      const link = preloadLinks(template)
      // The policy plugins/hardening.ts set on this reply, with the inline entry script's hash added.
      let policies: { from: string; to: string } | undefined
      const policyFor = (from: string) => {
        if (policies?.from !== from) policies = { from, to: withScriptSources(from, entry.scriptHashes) }
        return policies.to
      }
      // The last page written, kept while the categories stay the same (they change rarely). A
      // promise, so requests arriving while it is compressed wait for that one compression.
      let last: { json: string; page: Promise<Rendered> } | undefined
      const brotli = promisify(zlib.brotliCompress)
      const gzip = promisify(zlib.gzip)
      const write = async (json: string): Promise<Rendered> => {
        const body = Buffer.from(withEntryScripts(json ? withInlinedCategories(template, json) : template, entry.scripts))
        const [br, gz] = await Promise.all([
          brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          gzip(body, { level: 9 }),
        ])
        return { etag: `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, body, br, gzip: gz }
      }
      const render = async (log: FastifyBaseLogger): Promise<Rendered> => {
        // Without the categories (database trouble) the page still loads: the app then asks /api/categories.
        const json = await listCategories(app.db).then(
          (items) => jsonForScript({ items }),
          (error: unknown) => {
            log.warn({ err: error }, 'index.html served without inlined categories')
            return ''
          },
        )
        if (last?.json !== json) {
          const page = write(json)
          last = { json, page }
          page.catch(() => {
            if (last?.page === page) last = undefined
          })
        }
        return last.page
      }
      // Written before the server takes requests, so the first visitor does not wait for brotli 11
      // of ~0.5 MB (~0.9 s; it made the first load after a start ~0.7 s slower than the next).
      app.addHook('onReady', async () => {
        await render(app.log).catch((error: unknown) => app.log.warn({ err: error }, 'index.html not written ahead'))
      })
      const sendIndex = async (request: FastifyRequest, reply: FastifyReply) => {
        const page = await render(request.log)
        reply.header('Cache-Control', 'no-cache').header('ETag', page.etag).header('Vary', 'Accept-Encoding')
        if (link) reply.header('Link', link)
        const policy = reply.raw.getHeader('content-security-policy')
        if (typeof policy === 'string' && entry.scriptHashes.length) reply.header('Content-Security-Policy', policyFor(policy))
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
