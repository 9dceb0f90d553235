/** The backend serves the H5 build at `/`: precompressed assets, cached for good when hashed. */
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
    fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>云报事</title>')
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

  it('keeps the API and docs beside it', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  })
})
