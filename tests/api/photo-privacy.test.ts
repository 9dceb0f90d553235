/**
 * Photo privacy (#20) through the API, with a fake detector (fixed boxes, or failing): who gets
 * which copy (reporter, follower, anonymous, staff, Open311), the retry queue, the staff box.
 * The real models are exercised in tests/unit/privacy-quality.test.ts and tests/e2e/photo-privacy.test.ts.
 */
import sharp from 'sharp'
import type { TicketDetail } from '@contract/tickets'
import type { PhotoPrivacyState } from '@contract/privacy'
import { FakeClock } from '../../mock-server/src/lib/clock'
import type { Detection, PrivacyDetector } from '../../mock-server/src/services/privacy/detector'
import type { Region } from '../../mock-server/src/services/privacy/geometry'
import { protectedPhotoOf } from '../../mock-server/src/services/uploads'
import { buildTestApp, injectAs, login } from '../helpers/app'
import { uploadPhoto } from '../helpers/photos'
import { fileTicketOk, getTicket, validReport } from '../helpers/tickets'

/** Answers fixed regions, or fails like a broken model while `failing` is set. */
class FakeDetector implements PrivacyDetector {
  calls = 0
  failing = false
  /** While set, detection waits for it: the photo stays pending as long as a test needs. */
  hold: Promise<void> | undefined
  constructor(public regions: Region[]) {}
  async detect(image: Buffer): Promise<Detection> {
    this.calls++
    if (this.hold) await this.hold
    if (this.failing) throw new Error('model error: test')
    const { width = 0, height = 0 } = await sharp(image).metadata()
    return { width, height, regions: this.regions, ms: 1 }
  }
  async close() {}
}

/** A 800×600 grey photo with two sharp checkerboards ("a face" at 100,100 and "a plate" at 500,350). */
async function photoWithDetail(): Promise<Buffer> {
  const checker = (size: number) => {
    let cells = ''
    for (let y = 0; y < size; y += 10) for (let x = 0; x < size; x += 10) if ((x + y) % 20 === 0) cells += `<rect x="${x}" y="${y}" width="10" height="10" fill="#000"/>`
    return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" fill="#fff"/>${cells}</svg>`)
  }
  return sharp({ create: { width: 800, height: 600, channels: 3, background: '#808080' } })
    .composite([
      { input: checker(160), left: 100, top: 100 },
      { input: checker(120), left: 500, top: 350 },
    ])
    .jpeg({ quality: 92 })
    .toBuffer()
}

/** Standard deviation of the pixels in a square: a sharp checkerboard ≈ 120, a blurred one ≈ 0. */
async function detailIn(image: Buffer, left: number, top: number, size: number): Promise<number> {
  // stats() reads its input, not the pipeline: cut the square out first.
  const square = await sharp(image).extract({ left, top, width: size, height: size }).greyscale().png().toBuffer()
  return (await sharp(square).stats()).channels[0].stdev
}

const FACE: Region = { kind: 'face', x1: 100, y1: 100, x2: 260, y2: 260, score: 0.99 }

describe('photo privacy (#20)', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const detector = new FakeDetector([FACE])
  let ctx: Awaited<ReturnType<typeof buildTestApp>>
  let reporter: string
  let follower: string
  let dispatcher: string
  let reporterId: number

  beforeAll(async () => {
    ctx = await buildTestApp({ rateLimitScale: 100, publicUrl: 'http://yunbaoshi.example.cn' } as never, { clock, maintenanceIntervalMs: 0, privacy: { detector, sweepIntervalMs: 0 } })
    const r = await login(ctx.app, 'privacy-reporter')
    reporter = r.token
    reporterId = r.user.id
    follower = (await login(ctx.app, 'privacy-follower')).token
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })
  afterAll(() => ctx.cleanup())

  const fetchBytes = async (url: string, token?: string) => {
    const res = token ? await injectAs(ctx.app, token, { method: 'GET', url }) : await ctx.app.inject({ method: 'GET', url })
    return { status: res.statusCode, body: res.rawPayload, headers: res.headers }
  }
  const rowOf = (id: string) => ctx.app.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  async function reportWithPhoto(): Promise<{ ticket: TicketDetail; photoId: string }> {
    const photoId = await uploadPhoto(ctx.app, reporter, await photoWithDetail())
    const ticket = await fileTicketOk(ctx.app, reporter, validReport({ photoIds: [photoId] }))
    const followed = await injectAs(ctx.app, follower, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })
    expect(followed.statusCode).toBe(200)
    return { ticket, photoId }
  }

  describe('who gets which copy', () => {
    let ticketId: number
    let photoId: string
    let release: () => void = () => {}
    beforeAll(async () => {
      // Detection waits until the first test has looked (it used to race the queue and once lost on a busy CI).
      detector.hold = new Promise((resolve) => (release = resolve))
      ;({ ticket: { id: ticketId }, photoId } = await reportWithPhoto())
    })
    afterAll(() => release())

    it('keeps the photo out of every public view until its protected copy exists', async () => {
      const row = await rowOf(photoId)
      expect(row.privacy_status).toBe('pending')
      expect((await fetchBytes(`/media/${photoId}.jpg`)).status).toBe(404)
      expect((await fetchBytes(`/media/${photoId}_thumb.jpg`)).status).toBe(404)
      const asFollower = (await getTicket(ctx.app, follower, ticketId)).json<TicketDetail>()
      expect(asFollower.photos).toEqual([])
      expect(protectedPhotoOf(row)).toBeNull()
      detector.hold = undefined
      release()
      await ctx.app.privacy.drain()
      expect((await rowOf(photoId)).privacy_status).toBe('ready')
    })

    it('gives the reporter the original: a granted URL, private and never stored by caches', async () => {
      const detail = (await getTicket(ctx.app, reporter, ticketId)).json<TicketDetail>()
      expect(detail.photos).toHaveLength(1)
      const [photo] = detail.photos
      expect(photo.url).toMatch(new RegExp(`^/media/original/${photoId}\\.jpg\\?grant=${reporterId}\\.\\d+\\.[\\w-]{32}$`))
      const original = await fetchBytes(photo.url)
      expect(original.status).toBe(200)
      expect(original.headers['cache-control']).toBe('private, no-store')
      expect(original.headers['content-type']).toBe('image/jpeg')
      expect(await detailIn(original.body, 120, 120, 120)).toBeGreaterThan(80) // the "face" is sharp
      const thumb = await fetchBytes(photo.thumbUrl)
      expect(thumb.status).toBe(200)
      expect((await sharp(thumb.body).metadata()).width).toBe(320)
    })

    it('gives staff the original too', async () => {
      const detail = (await getTicket(ctx.app, dispatcher, ticketId)).json<TicketDetail>()
      const original = await fetchBytes(detail.photos[0].url)
      expect(detail.photos[0].url).toContain('/media/original/')
      expect(original.status).toBe(200)
      expect(await detailIn(original.body, 120, 120, 120)).toBeGreaterThan(80)
      // A bearer token works as well as a grant.
      expect((await fetchBytes(`/media/original/${photoId}.jpg`, dispatcher)).status).toBe(200)
    })

    it('never gives a follower or an anonymous reader the original', async () => {
      expect((await fetchBytes(`/media/original/${photoId}.jpg`)).status).toBe(404)
      expect((await fetchBytes(`/media/original/${photoId}.jpg`, follower)).status).toBe(404)
      expect((await fetchBytes(`/media/original/${photoId}_thumb.jpg`, follower)).status).toBe(404)
      // A grant is bound to its photo and its user: tampering or reusing it elsewhere fails.
      const reporterUrl = (await getTicket(ctx.app, reporter, ticketId)).json<TicketDetail>().photos[0].url
      const grant = new URL(reporterUrl, 'http://x').searchParams.get('grant')!
      const forged = grant.replace(/^\d+/, String(reporterId + 1))
      expect((await fetchBytes(`/media/original/${photoId}.jpg?grant=${forged}`)).status).toBe(404)
      const other = await uploadPhoto(ctx.app, follower)
      expect((await fetchBytes(`/media/original/${other}.jpg?grant=${grant}`)).status).toBe(404)
    })

    it('gives a follower only the protected copy, with the face blurred', async () => {
      const detail = (await getTicket(ctx.app, follower, ticketId)).json<TicketDetail>()
      // The public view (#17) may leave residents' photos out altogether; if shown, only protected.
      expect(JSON.stringify(detail)).not.toContain('/media/original/')
      const expected = protectedPhotoOf(await rowOf(photoId))!
      expect(expected.url).toBe(`/media/${photoId}.jpg?v=1`)
      for (const photo of detail.photos) expect(photo).toEqual(expected)
      const copy = await fetchBytes(expected.url)
      expect(copy.status).toBe(200)
      expect(await detailIn(copy.body, 120, 120, 120)).toBeLessThan(10) // blurred
      expect(await detailIn(copy.body, 510, 360, 100)).toBeGreaterThan(80) // the rest untouched
      const thumb = await fetchBytes(expected.thumbUrl)
      expect(thumb.status).toBe(200)
      expect(await detailIn(thumb.body, 48, 48, 48)).toBeLessThan(10) // 320 px thumbnail of the blurred copy
    })

    it('stores what was detected with the row', async () => {
      const row = await rowOf(photoId)
      expect(JSON.parse(row.privacy_regions!)).toEqual([{ kind: 'face', x1: 100, y1: 100, x2: 260, y2: 260, score: 0.99 }])
      expect(row).toMatchObject({ privacy_version: 1, privacy_attempts: 1, privacy_error: null })
    })
  })

  describe('the retry queue', () => {
    it('holds a photo whose detection failed, retries it later, and publishes it only then', async () => {
      detector.failing = true
      const { ticket, photoId } = await reportWithPhoto()
      await ctx.app.privacy.drain()
      let row = await rowOf(photoId)
      expect(row).toMatchObject({ privacy_status: 'pending', privacy_attempts: 1, privacy_error: 'model error: test', privacy_version: 0 })
      expect(row.privacy_retry_at).toBe(new Date(clock.now().getTime() + 30_000).toISOString())
      expect((await fetchBytes(`/media/${photoId}.jpg`)).status).toBe(404)
      expect((await getTicket(ctx.app, follower, ticket.id)).json<TicketDetail>().photos).toEqual([])
      // The reporter still sees their own photo.
      expect((await getTicket(ctx.app, reporter, ticket.id)).json<TicketDetail>().photos).toHaveLength(1)

      // Not due yet: the sweep leaves it alone.
      detector.failing = false
      expect(await ctx.app.privacy.sweep()).toBe(0)
      clock.advance(31_000)
      expect(await ctx.app.privacy.sweep()).toBe(1)
      await ctx.app.privacy.drain()
      row = await rowOf(photoId)
      expect(row).toMatchObject({ privacy_status: 'ready', privacy_attempts: 2, privacy_error: null, privacy_retry_at: null, privacy_version: 1 })
      expect((await fetchBytes(`/media/${photoId}.jpg?v=1`)).status).toBe(200)
    })

    it('backs off: the second failure waits a minute', async () => {
      detector.failing = true
      const photoId = await uploadPhoto(ctx.app, reporter, await photoWithDetail())
      await ctx.app.privacy.drain()
      clock.advance(31_000)
      await ctx.app.privacy.sweep()
      await ctx.app.privacy.drain()
      const row = await rowOf(photoId)
      expect(row.privacy_attempts).toBe(2)
      expect(row.privacy_retry_at).toBe(new Date(clock.now().getTime() + 60_000).toISOString())
      detector.failing = false
    })
  })

  describe('POST /api/ops/photos/:id/redactions (a staff box)', () => {
    let photoId: string
    beforeAll(async () => {
      ;({ photoId } = await reportWithPhoto())
      await ctx.app.privacy.drain()
    })

    it('blurs a plate the detector missed, under a new URL', async () => {
      const before = protectedPhotoOf(await rowOf(photoId))!
      expect(await detailIn((await fetchBytes(before.url)).body, 510, 360, 100)).toBeGreaterThan(80)
      const res = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/photos/${photoId}/redactions`, payload: { x: 495, y: 345, width: 130, height: 130 } })
      expect(res.statusCode).toBe(201)
      const state = res.json<PhotoPrivacyState>()
      expect(state.manual).toEqual([{ kind: 'manual', x: 495, y: 345, width: 130, height: 130, score: 1 }])
      expect(state.detected).toHaveLength(1)
      expect(state.protected!.url).toBe(`/media/${photoId}.jpg?v=2`)
      const after = await fetchBytes(state.protected!.url)
      expect(await detailIn(after.body, 510, 360, 100)).toBeLessThan(10)
      expect(await detailIn(after.body, 120, 120, 120)).toBeLessThan(10) // the face stays blurred
      // The original is untouched.
      expect(await detailIn((await fetchBytes(`/media/original/${photoId}.jpg`, dispatcher)).body, 510, 360, 100)).toBeGreaterThan(80)
      const row = await rowOf(photoId)
      expect(JSON.parse(row.privacy_manual)).toHaveLength(1)
      expect(row.privacy_version).toBe(2)
    })

    it('GET …/privacy shows staff the state, both copies and the regions', async () => {
      const res = await injectAs(ctx.app, dispatcher, { method: 'GET', url: `/api/ops/photos/${photoId}/privacy` })
      expect(res.statusCode).toBe(200)
      const state = res.json<PhotoPrivacyState>()
      expect(state).toMatchObject({ id: photoId, status: 'ready', attempts: 1, lastError: null, retryAt: null })
      expect(state.detected).toEqual([{ kind: 'face', x: 100, y: 100, width: 160, height: 160, score: 0.99 }])
      expect(state.original.url).toContain(`/media/original/${photoId}.jpg?grant=`)
      expect(state.protected!.url).toMatch(new RegExp(`^/media/${photoId}\\.jpg\\?v=\\d$`))
      expect((await injectAs(ctx.app, follower, { method: 'GET', url: `/api/ops/photos/${photoId}/privacy` })).statusCode).toBe(403)
    })

    it('refuses a box outside the photo, storing nothing', async () => {
      const res = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/photos/${photoId}/redactions`, payload: { x: 700, y: 10, width: 200, height: 20 } })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' })
      expect(JSON.parse((await rowOf(photoId)).privacy_manual)).toHaveLength(1)
    })

    it('is for staff only (403) and about existing photos (404)', async () => {
      const asResident = await injectAs(ctx.app, reporter, { method: 'POST', url: `/api/ops/photos/${photoId}/redactions`, payload: { x: 1, y: 1, width: 10, height: 10 } })
      expect(asResident.statusCode).toBe(403)
      const missing = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/photos/${'A'.repeat(22)}/redactions`, payload: { x: 1, y: 1, width: 10, height: 10 } })
      expect(missing.statusCode).toBe(404)
      expect(JSON.parse((await rowOf(photoId)).privacy_manual)).toHaveLength(1)
    })

    it('keeps a box given while the photo is pending and applies it with the detection', async () => {
      detector.failing = true
      const pending = await uploadPhoto(ctx.app, reporter, await photoWithDetail())
      await ctx.app.privacy.drain()
      const res = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/photos/${pending}/redactions`, payload: { x: 495, y: 345, width: 130, height: 130 } })
      expect(res.statusCode).toBe(201)
      expect(res.json<PhotoPrivacyState>()).toMatchObject({ status: 'pending', protected: null, lastError: 'model error: test' })
      detector.failing = false
      clock.advance(31_000)
      await ctx.app.privacy.sweep()
      await ctx.app.privacy.drain()
      const copy = await fetchBytes(protectedPhotoOf(await rowOf(pending))!.url)
      expect(await detailIn(copy.body, 510, 360, 100)).toBeLessThan(10)
      expect(await detailIn(copy.body, 120, 120, 120)).toBeLessThan(10)
    })
  })

  describe('Open311', () => {
    it('names only a protected copy as media_url, once it exists', async () => {
      const { ticket } = await reportWithPhoto()
      await ctx.app.privacy.drain()
      // A staff photo on a staff event (what Open311 shows): uploaded by the dispatcher, attached by hand.
      const accepted = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })
      expect(accepted.statusCode).toBe(200)
      const event = await ctx.app.db.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticket.id).where('type', '=', 'accepted').executeTakeFirstOrThrow()
      detector.failing = true
      const staffPhoto = await uploadPhoto(ctx.app, dispatcher, await photoWithDetail())
      await ctx.app.db.updateTable('uploads').set({ ticket_id: ticket.id, event_id: event.id }).where('id', '=', staffPhoto).execute()
      await ctx.app.privacy.drain()
      const url = `/open311/v2/requests/${ticket.number}.json`
      const pending = (await ctx.app.inject({ method: 'GET', url })).json<Array<{ media_url: string | null }>>()
      expect(pending[0].media_url).toBeNull()
      expect(JSON.stringify(pending)).not.toContain('/media/')

      detector.failing = false
      clock.advance(31_000)
      await ctx.app.privacy.sweep()
      await ctx.app.privacy.drain()
      const ready = (await ctx.app.inject({ method: 'GET', url })).json<Array<{ media_url: string | null }>>()
      expect(ready[0].media_url).toMatch(new RegExp(`/media/${staffPhoto}\\.jpg\\?v=1$`))
      const served = await fetchBytes(new URL(ready[0].media_url!).pathname + '?v=1')
      expect(served.status).toBe(200)
      expect(await detailIn(served.body, 120, 120, 120)).toBeLessThan(10)
    })
  })
})
