/**
 * The backend serves the H5 build at `/`: precompressed assets, cached for good when hashed;
 * index.html written per request with the categories inlined (#19), never cached without asking,
 * and with the entry script and stylesheet written into it (#19 part 2: one round trip less).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { buildTestApp } from '../helpers/app'

describe('serving the H5 app', () => {
  const h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-h5-'))
  const script = 'console.log("云报事");'.repeat(200)
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    fs.mkdirSync(path.join(h5Dir, 'js'))
    fs.writeFileSync(
      path.join(h5Dir, 'index.html'),
      '<!doctype html><title>云报事</title><script defer="defer" src="/js/app.1a2b3c4d.js"></script><link href="/css/app.1a2b3c4d.css" rel="stylesheet"><body><div id="app"></div></body>',
    )
    fs.writeFileSync(path.join(h5Dir, 'js/app.1a2b3c4d.js'), script)
    fs.writeFileSync(path.join(h5Dir, 'js/app.1a2b3c4d.js.br'), zlib.brotliCompressSync(script))
    ctx = await buildTestApp({ h5Dir })
  })
  afterAll(async () => {
    await ctx.cleanup()
    fs.rmSync(h5Dir, { recursive: true, force: true })
  })

  it('serves index.html at / and never lets it go stale', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('云报事')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('sends the brotli file to browsers that accept it, and caches hashed assets for a year', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/js/app.1a2b3c4d.js', headers: { 'accept-encoding': 'br, gzip' } })
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.rawPayload.length).toBeLessThan(script.length / 5)
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(script)
    expect(res.headers['cache-control']).toContain('immutable')
  })

  it('still serves the plain file to clients without brotli', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/js/app.1a2b3c4d.js', headers: { 'accept-encoding': 'identity' } })
    expect(res.headers['content-encoding']).toBeUndefined()
    expect(res.body).toBe(script)
  })

  /** The categories the page carries, read back the way the app reads them (JSON.parse of the element's text). */
  function inlined(html: string) {
    const match = /<script type="application\/json" id="ybs-categories">([\s\S]*?)<\/script>/.exec(html)
    return match && (JSON.parse(match[1]) as { items: { id: string; name: string }[] })
  }

  it('writes the categories into index.html, the same list /api/categories gives', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/' })
    const api = await ctx.app.inject({ method: 'GET', url: '/api/categories' })
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(inlined(page.body)?.items).toEqual(api.json<{ items: unknown[] }>().items)
    expect(inlined(page.body)?.items.length).toBeGreaterThan(5)
    // before </body>, so the app (deferred) finds it when it starts
    expect(page.body.indexOf('id="ybs-categories"')).toBeLessThan(page.body.indexOf('</body>'))
    expect((await ctx.app.inject({ method: 'GET', url: '/index.html' })).body).toBe(page.body)
  })

  it('a category name with </script> in it stays text: the page keeps one inline data element', async () => {
    const name = '井盖</script><script>alert(1)</script><!--'
    await ctx.app.db.updateTable('categories').set({ name }).where('id', '=', 'exposed_garbage').execute()
    try {
      const page = await ctx.app.inject({ method: 'GET', url: '/' })
      expect(page.body).not.toContain('<script>alert(1)')
      expect(page.body.match(/<\/script>/g)).toHaveLength(2) // the app's own script and the data
      expect(inlined(page.body)?.items.find((c) => c.id === 'exposed_garbage')?.name).toBe(name)
    } finally {
      await ctx.app.db.updateTable('categories').set({ name: '暴露垃圾' }).where('id', '=', 'exposed_garbage').execute()
    }
  })

  it('answers a repeat visit with 304 while the page is the same, and with the new page once a category changes', async () => {
    const first = await ctx.app.inject({ method: 'GET', url: '/' })
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await ctx.app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers['cache-control']).toBe('no-cache')

    await ctx.app.db.updateTable('categories').set({ name: '暴露垃圾（改名）' }).where('id', '=', 'exposed_garbage').execute()
    try {
      const changed = await ctx.app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': etag } })
      expect(changed.statusCode).toBe(200)
      expect(changed.headers.etag).not.toBe(etag)
      expect(changed.headers['cache-control']).toBe('no-cache')
      expect(inlined(changed.body)?.items.find((c) => c.id === 'exposed_garbage')?.name).toBe('暴露垃圾（改名）')
    } finally {
      await ctx.app.db.updateTable('categories').set({ name: '暴露垃圾' }).where('id', '=', 'exposed_garbage').execute()
    }
  })

  it('sends the page compressed when the browser accepts it, and names the entry assets still fetched for preloading', async () => {
    const plain = await ctx.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'identity' } })
    const br = await ctx.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip, deflate, br' } })
    const gz = await ctx.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'gzip' } })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toContain('Accept-Encoding')
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body)
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(plain.body)
    // The script is in the page (preloading it would fetch it a second time); this build's
    // stylesheet is missing on disk, so it stays a link, preloaded as before.
    expect(br.headers.link).toBe('</css/app.1a2b3c4d.css>; rel=preload; as=style')
  })

  it('writes the entry script into the page, after the categories, and lets the CSP run exactly it on that reply', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/' })
    expect(page.body).not.toContain('src="/js/app.1a2b3c4d.js"')
    const at = page.body.indexOf(`<script>${script}</script>`)
    expect(at).toBeGreaterThan(page.body.indexOf('id="ybs-categories"'))
    expect(at).toBeLessThan(page.body.indexOf('</body>'))
    const hash = `'sha256-${crypto.createHash('sha256').update(script).digest('base64')}'`
    const scriptSrc = (policy: unknown) => /(?:^|;)\s*script-src ([^;]*)/.exec(String(policy))?.[1].split(' ')
    expect(scriptSrc(page.headers['content-security-policy'])).toEqual(expect.arrayContaining(["'self'", hash]))
    expect(scriptSrc(page.headers['content-security-policy'])).not.toContain("'unsafe-inline'")
    // every other reply keeps the common policy, without the page's hash
    const api = await ctx.app.inject({ method: 'GET', url: '/api/health' })
    expect(scriptSrc(api.headers['content-security-policy'])).toContain("'self'")
    expect(scriptSrc(api.headers['content-security-policy'])).not.toContain(hash)
    // the other directives are the common ones
    const others = (policy: unknown) => String(policy).split(';').filter((d) => !/^\s*script-src\s/.test(d))
    expect(others(page.headers['content-security-policy'])).toEqual(others(api.headers['content-security-policy']))
  })

  it('still serves the page when the categories cannot be read (the app then fetches them itself)', async () => {
    await ctx.app.db.schema.alterTable('categories').renameTo('categories_away').execute()
    try {
      const page = await ctx.app.inject({ method: 'GET', url: '/' })
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain('<div id="app"></div>')
      expect(inlined(page.body)).toBeNull()
    } finally {
      await ctx.app.db.schema.alterTable('categories_away').renameTo('categories').execute()
    }
    expect(inlined((await ctx.app.inject({ method: 'GET', url: '/' })).body)?.items.length).toBeGreaterThan(5)
  })

  it('keeps the API and docs beside it', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  })
})

describe('serving an H5 build whose entry cannot sit inside the page', () => {
  const h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-h5-external-'))
  // A script with `</script>` in a string would end an inline element early: it stays a file.
  const script = 'document.title = "</script>";'
  const css = 'body{color:#222}'
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    fs.mkdirSync(path.join(h5Dir, 'js'))
    fs.mkdirSync(path.join(h5Dir, 'css'))
    fs.writeFileSync(
      path.join(h5Dir, 'index.html'),
      '<!doctype html><title>云报事</title><script defer="defer" src="/js/app.5e6f7a8b.js"></script><link href="/css/app.5e6f7a8b.css" rel="stylesheet"><body><div id="app"></div></body>',
    )
    fs.writeFileSync(path.join(h5Dir, 'js/app.5e6f7a8b.js'), script)
    fs.writeFileSync(path.join(h5Dir, 'css/app.5e6f7a8b.css'), css)
    ctx = await buildTestApp({ h5Dir })
  })
  afterAll(async () => {
    await ctx.cleanup()
    fs.rmSync(h5Dir, { recursive: true, force: true })
  })

  it('keeps that script external and preloaded, with the common CSP, while the stylesheet goes in', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<script defer="defer" src="/js/app.5e6f7a8b.js"></script>')
    expect(page.body).not.toContain(script)
    expect(page.body).toContain(`<style>${css}</style>`)
    expect(page.body).not.toContain('href="/css/app.5e6f7a8b.css"')
    expect(page.headers.link).toBe('</js/app.5e6f7a8b.js>; rel=preload; as=script')
    const api = await ctx.app.inject({ method: 'GET', url: '/api/health' })
    expect(page.headers['content-security-policy']).toBe(api.headers['content-security-policy'])
  })
})
