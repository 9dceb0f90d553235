/**
 * Worker mode (#12): binding a WeChat account with a one-time code, the worker's task list, start
 * and resolve with stamped after-photos, the far-from-site flag, position batches with the speed
 * filter, duty, and the simulator leaving workers played in person alone.
 */
import sharp from 'sharp'
import type { TicketDetail } from '@contract/tickets'
import type { BindingCodeResponse, WorkResolveResponse, WorkTaskList } from '@contract/work'
import { BINDING_CODE_ALPHABET } from '@contract/work-limits'
import { FakeClock, HOUR } from '../../../mock-server/src/lib/clock'
import { hashToken } from '../../../mock-server/src/services/auth'
import { SIM_TIMINGS } from '../../../mock-server/src/services/simulator'
import { watermarkBandHeight } from '../../../mock-server/src/services/watermark'
import { buildTestApp, injectAs, login } from '../../helpers/app'
import { afterPhotoFields, jpeg, uploadPhoto } from '../../helpers/photos'
import { findsNothing } from '../../helpers/privacy'
import { fileTicketOk, getTicket, JINGTAI, validReport, workerToken } from '../../helpers/tickets'

type Ctx = Awaited<ReturnType<typeof buildTestApp>>

/** Mean of each channel over a band of rows of a stored or uploaded image. */
async function bandMean(image: Buffer, top: number, height: number): Promise<number[]> {
  const meta = await sharp(image).metadata()
  const { data, info } = await sharp(image).extract({ left: 0, top, width: meta.width!, height }).raw().toBuffer({ resolveWithObject: true })
  const sums = [0, 0, 0]
  for (let i = 0; i < data.length; i += info.channels) for (let c = 0; c < 3; c++) sums[c] += data[i + c]
  return sums.map((sum) => sum / (data.length / info.channels))
}
const gap = (a: number[], b: number[]) => Math.max(...a.map((value, i) => Math.abs(value - b[i])))

describe('worker mode', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  let ctx: Ctx
  let dispatcher: string
  let resident: string
  beforeAll(async () => {
    // Photo privacy (#20) is not what this file is about: a detector that finds nothing, at once.
    ctx = await buildTestApp({}, { clock, maintenanceIntervalMs: 0, privacy: { detector: findsNothing() } })
    dispatcher = (await login(ctx.app, 'dispatcher')).token
    resident = (await login(ctx.app, 'work-resident')).token
  })
  afterAll(() => ctx.cleanup())

  const post = (token: string, url: string, payload: object = {}, headers: Record<string, string> = {}) =>
    injectAs(ctx.app, token, { method: 'POST', url, payload, headers })
  const seededWorker = async (n: number) =>
    ctx.app.db.selectFrom('users').selectAll().where('openid', '=', `dev:worker-${n}`).executeTakeFirstOrThrow()

  /** A ticket filed by the resident and dispatched to the n-th seeded worker. */
  async function dispatchedTo(workerId: number, report = validReport()) {
    const ticket = await fileTicketOk(ctx.app, resident, report)
    const res = await post(dispatcher, `/api/ops/tickets/${ticket.id}/dispatch`, { workerId })
    expect(res.statusCode).toBe(200)
    return res.json<TicketDetail>()
  }

  describe('binding codes', () => {
    it('binds a WeChat account once; later sign-ins are the worker; the code is stored hashed', async () => {
      const worker = await seededWorker(11)
      const made = await post(dispatcher, `/api/ops/workers/${worker.id}/binding-code`)
      expect(made.statusCode).toBe(201)
      const { code, expiresAt } = made.json<BindingCodeResponse>()
      expect(code).toHaveLength(8)
      expect([...code].every((c) => BINDING_CODE_ALPHABET.includes(c))).toBe(true)
      expect(Date.parse(expiresAt) - clock.now().getTime()).toBe(24 * HOUR)
      const stored = await ctx.app.db.selectFrom('worker_binding_codes').selectAll().where('worker_id', '=', worker.id).execute()
      expect(stored).toHaveLength(1)
      expect(stored[0].code_hash).toBe(hashToken(code))
      expect(JSON.stringify(stored)).not.toContain(code)

      const phone = await login(ctx.app, 'phone-of-worker-11')
      expect(phone.user.role).toBe('resident')
      const bound = await post(phone.token, '/api/auth/bind-worker', { code: code.toLowerCase().replace(/(....)/, '$1-') })
      expect(bound.statusCode).toBe(200)
      expect(bound.json().user).toMatchObject({ id: worker.id, role: 'worker' })
      const me = await injectAs(ctx.app, bound.json().token, { method: 'GET', url: '/api/work/me' })
      expect(me.json()).toMatchObject({ id: worker.id, number: 'BY0011' })
      // The same WeChat account signs in as the worker from now on.
      expect((await login(ctx.app, 'phone-of-worker-11')).user).toMatchObject({ id: worker.id, role: 'worker' })
      // dev:worker-<n> keeps working.
      expect((await login(ctx.app, 'worker-11')).user.id).toBe(worker.id)

      const again = await post((await login(ctx.app, 'someone-else')).token, '/api/auth/bind-worker', { code })
      expect(again.statusCode).toBe(400)
      expect(again.json()).toMatchObject({ code: 'BINDING_CODE_USED', details: [{ field: 'body.code' }] })
      expect(again.json().message).toContain('already been used')
    })

    it('refuses an expired code, an unknown one, and residents making codes', async () => {
      const worker = await seededWorker(12)
      const { code } = (await post(dispatcher, `/api/ops/workers/${worker.id}/binding-code`)).json<BindingCodeResponse>()
      clock.advance(24 * HOUR + 1000)
      const phone = await login(ctx.app, 'phone-of-worker-12')
      const late = await post(phone.token, '/api/auth/bind-worker', { code })
      expect(late.statusCode).toBe(400)
      expect(late.json()).toMatchObject({ code: 'BINDING_CODE_EXPIRED' })
      expect(await ctx.app.db.selectFrom('worker_accounts').selectAll().where('worker_id', '=', worker.id).execute()).toEqual([])

      const unknown = await post(phone.token, '/api/auth/bind-worker', { code: 'ABCDEFGH' })
      expect(unknown.statusCode).toBe(400)
      expect(unknown.json().details[0].field).toBe('body.code')
      expect((await post(resident, `/api/ops/workers/${worker.id}/binding-code`)).statusCode).toBe(403)
      expect((await post(dispatcher, '/api/ops/workers/999999/binding-code')).statusCode).toBe(404)
      // A new code replaces the older unused one.
      const first = (await post(dispatcher, `/api/ops/workers/${worker.id}/binding-code`)).json<BindingCodeResponse>().code
      const second = (await post(dispatcher, `/api/ops/workers/${worker.id}/binding-code`)).json<BindingCodeResponse>().code
      expect((await post(phone.token, '/api/auth/bind-worker', { code: first })).statusCode).toBe(400)
      expect((await post(phone.token, '/api/auth/bind-worker', { code: second })).statusCode).toBe(200)
    })

    it('binds with dev:worker-<n> in development', async () => {
      const phone = await login(ctx.app, 'phone-dev-13')
      const res = await post(phone.token, '/api/auth/bind-worker', { code: 'dev:worker-13' })
      expect(res.statusCode).toBe(200)
      expect(res.json().user).toMatchObject({ id: (await seededWorker(13)).id, role: 'worker' })
    })

    it('rate-limits binding attempts per account', async () => {
      const phone = await login(ctx.app, 'code-guesser')
      const codes: number[] = []
      for (let i = 0; i < 6; i++) codes.push((await post(phone.token, '/api/auth/bind-worker', { code: 'ZZZZZZZZ' })).statusCode)
      expect(codes).toEqual([400, 400, 400, 400, 400, 429])
    })
  })

  describe('worker routes', () => {
    it('lists my tasks by time left with distance and category; residents 403, other workers 404', async () => {
      const worker = await seededWorker(21)
      const token = await workerToken(ctx.app, worker.id)
      const slow = await dispatchedTo(worker.id, validReport({ categoryId: 'illegal_posting' })) // longer SLA
      const fast = await dispatchedTo(worker.id, validReport({ categoryId: 'missing_manhole_cover', location: { ...JINGTAI, lat: JINGTAI.lat + 0.009 } }))
      const res = await injectAs(ctx.app, token, { method: 'GET', url: `/api/work/tasks?lat=${JINGTAI.lat}&lng=${JINGTAI.lng}&coordSystem=gcj02` })
      expect(res.statusCode).toBe(200)
      const list = res.json<WorkTaskList>()
      const ours = list.items.filter((task) => task.id === slow.id || task.id === fast.id)
      expect(ours.map((task) => task.id)).toEqual(Date.parse(fast.dueAt) < Date.parse(slow.dueAt) ? [fast.id, slow.id] : [slow.id, fast.id])
      const far = list.items.find((task) => task.id === fast.id)!
      expect(far.categoryName).toBe(fast.categoryName)
      expect(far.distanceMeters).toBeGreaterThan(950)
      expect(far.distanceMeters).toBeLessThan(1050)
      expect(list.items.find((task) => task.id === slow.id)!.distanceMeters).toBeLessThan(5)
      const secondsLeft = list.items.map((task) => task.secondsLeft)
      expect([...secondsLeft].sort((a, b) => a - b)).toEqual(secondsLeft)

      expect((await injectAs(ctx.app, resident, { method: 'GET', url: '/api/work/tasks' })).statusCode).toBe(403)
      expect((await injectAs(ctx.app, dispatcher, { method: 'GET', url: '/api/work/tasks' })).statusCode).toBe(403)
      const other = await workerToken(ctx.app, (await seededWorker(22)).id)
      expect((await injectAs(ctx.app, other, { method: 'GET', url: '/api/work/tasks' })).json<WorkTaskList>().items.map((t) => t.id)).not.toContain(slow.id)
      expect((await injectAs(ctx.app, other, { method: 'GET', url: `/api/work/tasks/${slow.id}` })).statusCode).toBe(404)
      expect((await post(other, `/api/work/tasks/${slow.id}/start`)).statusCode).toBe(404)
      expect((await post(other, `/api/work/tasks/${slow.id}/resolve`, { note: '已清理', photoIds: ['x'.repeat(22)] })).statusCode).toBe(404)
      expect((await getTicket(ctx.app, resident, slow.id)).json<TicketDetail>().status).toBe('dispatched')
    })

    it('a worker can still report a problem as a resident', async () => {
      const token = await workerToken(ctx.app, (await seededWorker(23)).id)
      const ticket = await fileTicketOk(ctx.app, token)
      expect(ticket.status).toBe('submitted')
    })
  })

  describe('resolving', () => {
    it('stamps after-photos (not before-photos), resolves with notes and photos, flags a far capture', async () => {
      const worker = await seededWorker(31)
      const token = await workerToken(ctx.app, worker.id)
      const upload = await jpeg(1200, 900, '#2e7d32')
      const beforeId = await uploadPhoto(ctx.app, resident, upload)
      const ticket = await dispatchedTo(worker.id, validReport({ photoIds: [beforeId] }))
      expect((await post(token, `/api/work/tasks/${ticket.id}/start`)).statusCode).toBe(200)

      const near = await uploadPhoto(ctx.app, token, upload, afterPhotoFields(ticket.id, ticket.location, clock.now().toISOString()))
      // 0.0045° of latitude ≈ 500 m north of the ticket.
      const far = await uploadPhoto(ctx.app, token, upload, afterPhotoFields(ticket.id, { lat: ticket.location.lat + 0.0045, lng: ticket.location.lng }))

      // The stored after-photo differs from the upload in the stamped band, and not above it.
      const read = (id: string) => ctx.app.storage.filesOf(id).image
      const stored = await sharp(read(near)).toBuffer()
      const band = watermarkBandHeight(900)
      const original = { top: await bandMean(upload, 0, 100), band: await bandMean(upload, 900 - band, band) }
      expect(gap(await bandMean(stored, 900 - band, band), original.band)).toBeGreaterThan(40)
      expect(gap(await bandMean(stored, 0, 100), original.top)).toBeLessThan(6)
      const before = await sharp(read(beforeId)).toBuffer()
      expect(gap(await bandMean(before, 900 - band, band), original.band)).toBeLessThan(6)
      const captures = await ctx.app.db.selectFrom('after_photo_captures').selectAll().where('ticket_id', '=', ticket.id).orderBy('distance_m').execute()
      expect(captures.map((row) => row.upload_id)).toEqual([near, far])
      expect(captures[0].distance_m).toBeLessThan(5)
      expect(captures[1].distance_m).toBeGreaterThan(450)

      // Bad input names the field and writes nothing.
      const noPhoto = await post(token, `/api/work/tasks/${ticket.id}/resolve`, { note: '已清理', photoIds: [] })
      expect(noPhoto.statusCode).toBe(400)
      expect(noPhoto.json().details[0].field).toBe('body.photoIds')
      const noNote = await post(token, `/api/work/tasks/${ticket.id}/resolve`, { note: ' ', photoIds: [near] })
      expect(noNote.statusCode).toBe(400)
      expect(noNote.json().details[0].field).toBe('body.note')
      const seven = await post(token, `/api/work/tasks/${ticket.id}/resolve`, { note: '已清理', photoIds: Array.from({ length: 7 }, () => near) })
      expect(seven.statusCode).toBe(400)
      expect(seven.json().details[0].field).toBe('body.photoIds')
      const plain = await uploadPhoto(ctx.app, token, upload) // not uploaded as an after-photo of this ticket
      const unstamped = await post(token, `/api/work/tasks/${ticket.id}/resolve`, { note: '已清理', photoIds: [plain] })
      expect(unstamped.statusCode).toBe(400)
      expect(unstamped.json().details[0].field).toBe('body.photoIds.0')
      expect((await getTicket(ctx.app, resident, ticket.id)).json<TicketDetail>().status).toBe('in_progress')

      const key = 'resolve-31-abcdef'
      const res = await post(token, `/api/work/tasks/${ticket.id}/resolve`, { note: '已清理完毕，现场已恢复正常', photoIds: [near, far] }, { 'idempotency-key': key })
      expect(res.statusCode).toBe(200)
      const body = res.json<WorkResolveResponse>()
      expect(body.ticket.status).toBe('resolved')
      expect(body.warnings).toHaveLength(1)
      expect(body.warnings[0]).toMatchObject({ code: 'FAR_FROM_SITE' })
      expect(body.warnings[0].distanceMeters).toBeGreaterThan(450)
      expect(body.warnings[0].message).toContain('米')

      // The outbox's retry with the same key answers the same result and writes nothing twice.
      const retry = await post(token, `/api/work/tasks/${ticket.id}/resolve`, { note: '已清理完毕，现场已恢复正常', photoIds: [near, far] }, { 'idempotency-key': key })
      expect(retry.statusCode).toBe(200)
      expect(retry.json<WorkResolveResponse>().warnings).toEqual(body.warnings)

      const staffView = (await getTicket(ctx.app, dispatcher, ticket.id)).json<TicketDetail>()
      expect(staffView.resolveFlag).toMatchObject({ farPhotos: 1 })
      expect(staffView.resolveFlag!.maxDistanceMeters).toBeGreaterThan(450)
      // Others see the protected copy (#20, made off the request path): it keeps the watermark.
      await ctx.app.privacy.drain()
      const copy = await sharp(ctx.app.storage.protectedFilesOf(near).image).toBuffer()
      expect(gap(await bandMean(copy, 900 - band, band), original.band)).toBeGreaterThan(40)
      const residentView = (await getTicket(ctx.app, resident, ticket.id)).json<TicketDetail>()
      expect(residentView.resolveFlag).toBeUndefined()
      expect(residentView.events.filter((event) => event.type === 'resolved')).toHaveLength(1)
      expect(residentView.afterPhotos.map((photo) => photo.id)).toEqual([near, far])
      expect(residentView.photos.map((photo) => photo.id)).toEqual([beforeId])
    })

    it('refuses after-photo uploads for tickets that are not mine, and without a position', async () => {
      const ticket = await dispatchedTo((await seededWorker(32)).id)
      const other = await workerToken(ctx.app, (await seededWorker(33)).id)
      await expect(uploadPhoto(ctx.app, other, undefined, afterPhotoFields(ticket.id, ticket.location))).rejects.toThrow(/404/)
      await expect(uploadPhoto(ctx.app, resident, undefined, afterPhotoFields(ticket.id, ticket.location))).rejects.toThrow(/403/)
      const mine = await workerToken(ctx.app, (await seededWorker(32)).id)
      await expect(uploadPhoto(ctx.app, mine, undefined, { ticketId: String(ticket.id) })).rejects.toThrow(/400.*lat/)
    })
  })

  describe('positions and duty', () => {
    it('drops points implying more than 150 km/h and counts them; the track draws the rest', async () => {
      const worker = await seededWorker(41)
      const token = await workerToken(ctx.app, worker.id)
      const ticket = await dispatchedTo(worker.id)
      const t0 = clock.now().getTime() - 60_000 // the phone measured these during the last minute
      const at = (s: number) => new Date(t0 + s * 1000).toISOString()
      const { lat, lng } = ticket.location
      const res = await post(token, '/api/work/positions', {
        coordSystem: 'gcj02',
        points: [
          { lat: lat - 0.002, lng, at: at(0) },
          { lat: lat - 0.001, lng, at: at(10) }, // 111 m in 10 s: 40 km/h
          { lat: lat + 0.05, lng, at: at(20) }, // 5.7 km in 10 s: a GPS jump
          { lat, lng, at: at(30) }, // 111 m in 20 s from the last kept point
        ],
      })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ accepted: 3, dropped: 1 })
      const track = (await injectAs(ctx.app, resident, { method: 'GET', url: `/api/tickets/${ticket.id}/track` })).json()
      expect(track.points).toHaveLength(3)
      expect(track.points.every((point: { lat: number }) => point.lat < lat + 0.0001)).toBe(true)
      const presence = await ctx.app.db.selectFrom('worker_presence').selectAll().where('worker_id', '=', worker.id).executeTakeFirstOrThrow()
      expect(presence.dropped_points).toBe(1)

      const infinite = await injectAs(ctx.app, token, {
        method: 'POST',
        url: '/api/work/positions',
        headers: { 'content-type': 'application/json' },
        payload: `{"coordSystem":"gcj02","points":[{"lat":1e999,"lng":113.2,"at":"${at(40)}"}]}`,
      })
      expect(infinite.statusCode).toBe(400)
      expect(infinite.json().details[0].field).toMatch(/points\.0\.lat|points\/0\/lat/)
      expect((await injectAs(ctx.app, resident, { method: 'GET', url: `/api/tickets/${ticket.id}/track` })).json().points).toHaveLength(3)
      expect((await post(resident, '/api/work/positions', { coordSystem: 'gcj02', points: [{ lat, lng, at: at(50) }] })).statusCode).toBe(403)
    })

    it('off duty: the dispatcher no longer suggests the worker', async () => {
      // Every worker of the ticket's grid goes off duty in person; dispatch then picks someone else.
      const ticket = await fileTicketOk(ctx.app, resident)
      const gridWorkers = await ctx.app.db.selectFrom('users').select('id').where('role', '=', 'worker').where('grid_id', '=', ticket.address.gridId).execute()
      for (const { id } of gridWorkers) {
        const res = await post(await workerToken(ctx.app, id), '/api/work/duty', { onDuty: false })
        expect(res.json()).toMatchObject({ id, onDuty: false })
      }
      const dispatched = (await post(dispatcher, `/api/ops/tickets/${ticket.id}/dispatch`)).json<TicketDetail>()
      expect(gridWorkers.map((row) => row.id)).not.toContain(dispatched.assignee!.id)
      for (const { id } of gridWorkers) await post(await workerToken(ctx.app, id), '/api/work/duty', { onDuty: true })
    })
  })

  describe('simulator', () => {
    it('plays only workers no one is playing: not signed in within the hour, not on duty in person', async () => {
      const played = await seededWorker(51) // signs in now
      const idle = await seededWorker(52) // never signs in
      const onDuty = await seededWorker(53) // on duty in person, signed in long ago
      await workerToken(ctx.app, played.id)
      await post(await workerToken(ctx.app, onDuty.id), '/api/work/duty', { onDuty: true })
      clock.advance(2 * HOUR)
      await workerToken(ctx.app, played.id)
      const far = { ...JINGTAI, lat: JINGTAI.lat + 0.004 }
      const tickets = {
        played: await dispatchedTo(played.id, validReport({ location: far })),
        idle: await dispatchedTo(idle.id, validReport({ location: far })),
        onDuty: await dispatchedTo(onDuty.id, validReport({ location: far })),
      }
      for (let i = 0; i < 30; i++) {
        clock.advance(SIM_TIMINGS.stepEvery * 1000)
        await ctx.app.simulator.step()
      }
      const status = async (id: number) => (await getTicket(ctx.app, resident, id)).json<TicketDetail>().status
      expect(await status(tickets.idle.id)).not.toBe('dispatched')
      expect(await status(tickets.played.id)).toBe('dispatched')
      expect(await status(tickets.onDuty.id)).toBe('dispatched')
      const moved = await ctx.app.db.selectFrom('worker_positions').select('ticket_id').where('ticket_id', 'in', [tickets.played.id, tickets.onDuty.id]).execute()
      expect(moved).toEqual([])

      // An hour after the last sign-in, the simulator takes the worker back; one on duty in person stays theirs.
      clock.advance(HOUR + 1000)
      for (let i = 0; i < 30; i++) {
        clock.advance(SIM_TIMINGS.stepEvery * 1000)
        await ctx.app.simulator.step()
      }
      expect(await status(tickets.played.id)).not.toBe('dispatched')
      expect(await status(tickets.onDuty.id)).toBe('dispatched')
    })
  })
})
