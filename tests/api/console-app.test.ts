/** The backend serves the operator console at `/console/`: precompressed, hashed assets cached for good. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { buildTestApp } from '../helpers/app'

describe('serving the operator console', () => {
  const consoleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-console-'))
  const h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ybs-h5-'))
  const script = 'console.log("调度台");'.repeat(200)
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  beforeAll(async () => {
    fs.mkdirSync(path.join(consoleDir, 'assets'))
    fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>调度台</title>')
    fs.writeFileSync(path.join(consoleDir, 'assets/main-ABCD1234.js'), script)
    fs.writeFileSync(path.join(consoleDir, 'assets/main-ABCD1234.js.br'), zlib.brotliCompressSync(script))
    fs.writeFileSync(path.join(consoleDir, 'assets/main-ABCD1234.js.gz'), zlib.gzipSync(script))
    fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>云报事</title>')
    ctx = await buildTestApp({ consoleDir, h5Dir })
  })
  afterAll(async () => {
    await ctx.cleanup()
    fs.rmSync(consoleDir, { recursive: true, force: true })
    fs.rmSync(h5Dir, { recursive: true, force: true })
  })

  it('serves index.html at /console/ uncached, and redirects /console there', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/console/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('调度台')
    expect(res.headers['cache-control']).toBe('no-cache')
    const bare = await ctx.app.inject({ method: 'GET', url: '/console' })
    expect(bare.statusCode).toBe(301)
    expect(bare.headers.location).toBe('/console/')
  })

  it('sends brotli or gzip as accepted, hashed assets cached for a year', async () => {
    const br = await ctx.app.inject({ method: 'GET', url: '/console/assets/main-ABCD1234.js', headers: { 'accept-encoding': 'br, gzip' } })
    expect(br.headers['content-encoding']).toBe('br')
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(script)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    const gz = await ctx.app.inject({ method: 'GET', url: '/console/assets/main-ABCD1234.js', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(script)
  })

  it('leaves / to the H5 app and /api to the API', async () => {
    const h5 = await ctx.app.inject({ method: 'GET', url: '/' })
    expect(h5.body).toContain('云报事')
    expect((await ctx.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  })

  it('says how to build the console when there is none', async () => {
    const bare = await buildTestApp({ consoleDir: path.join(consoleDir, 'missing'), h5Dir })
    try {
      const res = await bare.app.inject({ method: 'GET', url: '/console/' })
      expect(res.statusCode).toBe(404)
      expect(res.body).toContain('npm run build:console')
    } finally {
      await bare.cleanup()
    }
  })
})
