import fs from 'node:fs'
import path from 'node:path'
import type { UploadResponse } from '@contract/uploads'
import { FakeClock, HOUR } from '../../mock-server/src/lib/clock'
import { CLEANUP_INTERVAL_MS } from '../../mock-server/src/plugins/storage'
import {
  attachUploads,
  cleanupUnattached,
  findAttachable,
  photoOf,
  saveUpload,
} from '../../mock-server/src/services/uploads'
import { processPhoto } from '../../mock-server/src/services/photos'
import { buildTestApp, injectAs, login, onPostgres } from '../helpers/app'
import { multipart, phoneJpeg } from '../fixtures/images'

type Ctx = Awaited<ReturnType<typeof buildTestApp>>

async function uploadPhoto(ctx: Ctx, token: string): Promise<UploadResponse> {
  const { payload, headers } = await multipart({
    file: { data: await phoneJpeg(640, 480), filename: 'IMG.jpg', contentType: 'image/jpeg' },
  })
  const res = await injectAs(ctx.app, token, { method: 'POST', url: '/api/uploads', payload, headers })
  if (res.statusCode !== 201) throw new Error(`upload failed: ${res.statusCode} ${res.body}`)
  return res.json<UploadResponse>()
}

/** A bare ticket row, enough for uploads.ticket_id's foreign key. */
async function insertTicket(ctx: Ctx, reporterId: number): Promise<number> {
  const now = ctx.app.clock.now().toISOString()
  const { id } = await ctx.app.db
    .insertInto('tickets')
    .values({
      number: `BY-TEST-${Math.random().toString(36).slice(2)}`,
      reporter_id: reporterId,
      category_id: 'exposed_garbage',
      status: 'submitted',
      description: '路边有垃圾',
      lat: 23.16,
      lng: 113.27,
      street: '测试街道',
      community: '测试社区',
      grid_id: 'test-grid',
      source: 'app',
      due_at: now,
      created_at: now,
      updated_at: now,
      reopen_count: 0,
      follower_count: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

const filesOf = (ctx: Ctx, id: string) => [`${id}.jpg`, `${id}_thumb.jpg`].map((name) => path.join(ctx.app.storage.mediaDir, name))
const rowOf = (ctx: Ctx, id: string) => ctx.app.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()

describe('GET /media/…', () => {
  let ctx: Ctx
  let token: string
  beforeAll(async () => {
    ctx = await buildTestApp()
    ;({ token } = await login(ctx.app, 'viewer'))
  })
  afterAll(() => ctx.cleanup())

  it('serves the protected copy (#20) as immutable JPEGs to anyone holding the URL, the original privately', async () => {
    const photo = await uploadPhoto(ctx, token)
    expect(ctx.app.storage.mediaDir).toBe(path.join(ctx.dataDir, 'media'))
    await ctx.app.privacy.drain() // the privacy step (real models) writes the protected copy
    const copies = ctx.app.storage.protectedFilesOf(photo.id)
    for (const [url, file] of [
      [`/media/${photo.id}.jpg?v=1`, copies.image],
      [`/media/${photo.id}_thumb.jpg?v=1`, copies.thumb],
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url }) // no token: URLs are capabilities
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('image/jpeg')
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.rawPayload.equals(fs.readFileSync(file))).toBe(true)
    }
    // The upload answer names the original, granted to its uploader: never cached by others.
    for (const [url, file] of [
      [photo.url, filesOf(ctx, photo.id)[0]],
      [photo.thumbUrl, filesOf(ctx, photo.id)[1]],
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toBe('private, no-store')
      expect(res.rawPayload.equals(fs.readFileSync(file))).toBe(true)
    }
  })

  it('lists nothing and leaks nothing outside the media folder', async () => {
    const { id } = await uploadPhoto(ctx, token)
    fs.writeFileSync(path.join(ctx.app.storage.mediaDir, 'notes.txt'), 'not a photo')
    for (const url of [
      '/media/',
      '/media',
      '/media/unknown.jpg',
      `/media/${id}.png`,
      '/media/notes.txt',
      '/media/../yunbaoshi.sqlite',
      '/media/%2e%2e/yunbaoshi.sqlite',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url })
      expect([url, res.statusCode]).toEqual([url, 404])
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' })
    }
  })

  it('keeps media in a temporary folder for dataDir ":memory:" and removes it on close', async () => {
    const memory = await buildTestApp({ dataDir: ':memory:' })
    const dir = memory.app.storage.mediaDir
    expect(dir).not.toContain(':memory:')
    const { token: memoryToken } = await login(memory.app, 'ephemeral')
    const photo = await uploadPhoto(memory, memoryToken)
    expect(fs.existsSync(path.join(dir, `${photo.id}.jpg`))).toBe(true)
    await memory.app.close()
    expect(fs.existsSync(dir)).toBe(false)
  })
})

describe('helpers for the ticket service', () => {
  let ctx: Ctx
  let alice: { token: string; user: { id: number } }
  let bob: { token: string; user: { id: number } }
  beforeAll(async () => {
    ctx = await buildTestApp()
    alice = await login(ctx.app, 'alice')
    bob = await login(ctx.app, 'bob')
  })
  afterAll(() => ctx.cleanup())

  it('photoOf maps a row to the contract Photo', async () => {
    const { id } = await uploadPhoto(ctx, alice.token)
    // The protected copy's URLs, with its version (#20); they answer 404 until the copy exists.
    expect(photoOf((await rowOf(ctx, id))!)).toEqual({ id, url: `/media/${id}.jpg?v=0`, thumbUrl: `/media/${id}_thumb.jpg?v=0`, width: 480, height: 640 })
  })

  it("findAttachable keeps the caller's own unattached uploads, in the order asked; attachUploads attaches once", async () => {
    const a1 = await uploadPhoto(ctx, alice.token)
    const a2 = await uploadPhoto(ctx, alice.token)
    const b1 = await uploadPhoto(ctx, bob.token)
    const ids = [a2.id, 'no-such-upload-id-00000', b1.id, a1.id, a2.id]
    expect((await findAttachable(ctx.app.db, alice.user.id, ids)).map((row) => row.id)).toEqual([a2.id, a1.id])
    expect(await findAttachable(ctx.app.db, alice.user.id, [])).toEqual([])

    const ticketId = await insertTicket(ctx, alice.user.id)
    expect(await attachUploads(ctx.app.db, [a1.id, a2.id], ticketId, null)).toBe(2)
    expect(await rowOf(ctx, a1.id)).toMatchObject({ ticket_id: ticketId, event_id: null })
    expect(await findAttachable(ctx.app.db, alice.user.id, [a1.id, a2.id])).toEqual([])
    // A second ticket cannot take them (a race the caller sees as a count below ids.length).
    const other = await insertTicket(ctx, alice.user.id)
    expect(await attachUploads(ctx.app.db, [a1.id, a2.id], other, null)).toBe(0)
    expect(await rowOf(ctx, a2.id)).toMatchObject({ ticket_id: ticketId })
    expect(await attachUploads(ctx.app.db, [], other, null)).toBe(0)
  })

  it('attachUploads works inside a transaction and rolls back with it', async () => {
    const photo = await uploadPhoto(ctx, alice.token)
    const ticketId = await insertTicket(ctx, alice.user.id)
    await expect(
      ctx.app.db.transaction().execute(async (trx) => {
        expect(await attachUploads(trx, [photo.id], ticketId, null)).toBe(1)
        throw new Error('ticket insert failed later')
      }),
    ).rejects.toThrow('later')
    expect(await rowOf(ctx, photo.id)).toMatchObject({ ticket_id: null })
  })

  it('saveUpload removes the files again when the row cannot be written', async () => {
    const processed = await processPhoto(await phoneJpeg(320, 240))
    const before = fs.readdirSync(ctx.app.storage.mediaDir).sort()
    const saving = saveUpload(ctx.app.db, ctx.app.storage, { ownerId: 999_999, photo: processed, now: ctx.app.clock.now() }) // no such user
    // toMatchObject, not toThrow: better-sqlite3 keeps the SqliteError class of the first test file a jest worker
    // loaded, so in later files its errors come from another realm and fail `instanceof Error`.
    await expect(saving).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY|foreign key constraint/) })
    expect(fs.readdirSync(ctx.app.storage.mediaDir).sort()).toEqual(before)
  })

  it('storage.remove refuses ids that could leave the media folder', async () => {
    // On PostgreSQL there is no database file beside the media: put a stand-in where it would be.
    if (onPostgres) fs.writeFileSync(path.join(ctx.dataDir, 'yunbaoshi.sqlite'), '')
    await expect(ctx.app.storage.remove('../yunbaoshi')).rejects.toThrow('Not an upload id')
    expect(fs.existsSync(path.join(ctx.dataDir, 'yunbaoshi.sqlite'))).toBe(true)
  })
})

describe('cleanup of unattached uploads', () => {
  it('deletes uploads no ticket took within a day, rows and files, and keeps attached and recent ones', async () => {
    const clock = new FakeClock()
    const ctx = await buildTestApp({}, { clock })
    try {
      const { token, user } = await login(ctx.app, 'forgetful')
      const abandoned = await uploadPhoto(ctx, token)
      const attached = await uploadPhoto(ctx, token)
      await attachUploads(ctx.app.db, [attached.id], await insertTicket(ctx, user.id), null)

      clock.advance(23 * HOUR)
      expect(await cleanupUnattached(ctx.app.db, ctx.app.storage, clock.now())).toBe(0)
      expect(await rowOf(ctx, abandoned.id)).toBeDefined()

      const recent = await uploadPhoto(ctx, token)
      clock.advance(2 * HOUR) // abandoned is 25 h old, recent 2 h
      expect(await cleanupUnattached(ctx.app.db, ctx.app.storage, clock.now())).toBe(1)

      expect(await rowOf(ctx, abandoned.id)).toBeUndefined()
      for (const file of filesOf(ctx, abandoned.id)) expect(fs.existsSync(file)).toBe(false)
      expect((await ctx.app.inject({ method: 'GET', url: abandoned.url })).statusCode).toBe(404)
      for (const kept of [attached, recent]) {
        expect(await rowOf(ctx, kept.id)).toBeDefined()
        for (const file of filesOf(ctx, kept.id)) expect(fs.existsSync(file)).toBe(true)
      }
      expect(fs.readdirSync(ctx.app.storage.mediaDir)).toHaveLength(4)
    } finally {
      await ctx.cleanup()
    }
  })

  it('runs by itself every hour, on the app clock', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance', 'setTimeout', 'clearTimeout'] })
    const clock = new FakeClock()
    const ctx = await buildTestApp({}, { clock })
    try {
      const { token } = await login(ctx.app, 'hourly')
      const photo = await uploadPhoto(ctx, token)
      clock.advance(25 * HOUR)
      jest.advanceTimersByTime(CLEANUP_INTERVAL_MS - 1)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(await rowOf(ctx, photo.id)).toBeDefined()

      jest.advanceTimersByTime(1)
      const gone = async () => !(await rowOf(ctx, photo.id)) && filesOf(ctx, photo.id).every((file) => !fs.existsSync(file))
      for (let i = 0; i < 100 && !(await gone()); i++) await new Promise((resolve) => setTimeout(resolve, 10))
      expect(await rowOf(ctx, photo.id)).toBeUndefined()
      for (const file of filesOf(ctx, photo.id)) expect(fs.existsSync(file)).toBe(false)
    } finally {
      await ctx.cleanup()
      jest.useRealTimers()
    }
  })
})
