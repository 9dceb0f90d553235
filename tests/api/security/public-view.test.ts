/**
 * #17.3 privacy and moderation: what a stranger who follows a guessed id, the nearby list and
 * Open311 see of a ticket; the resident's choice; the public copy without personal data; the abuse
 * filter holding a report; staff hiding one with a reason.
 */
import { FakeClock } from '../../../mock-server/src/lib/clock'
import { createModerator, isInvisibleOnly, redactPersonalData } from '../../../mock-server/src/services/moderation'
import { injectAs, login, useTestApp } from '../../helpers/app'
import { uploadPhoto } from '../../helpers/photos'
import { JINGTAI, fileTicket, fileTicketOk, getTicket, validReport } from '../../helpers/tickets'
import { BASE } from '../open311/helpers'

describe('public view', () => {
  const clock = new FakeClock(Date.parse('2026-11-25T02:00:00Z'))
  const ctx = useTestApp({ rateLimitScale: 100, publicUrl: 'https://ybs.example.cn' }, { clock, maintenanceIntervalMs: 0 })
  let reporter: Awaited<ReturnType<typeof login>>
  let stranger: string
  let dispatcher: string
  beforeAll(async () => {
    reporter = await login(ctx.app, 'pv-reporter')
    stranger = (await login(ctx.app, 'pv-stranger')).token
    dispatcher = (await login(ctx.app, 'dispatcher')).token
  })

  const secretText = '我家门口 13812345678 旁边，车牌粤A12345 的车挡着垃圾桶'

  async function privateTicketWithTrack() {
    const photoId = await uploadPhoto(ctx.app, reporter.token)
    const ticket = await fileTicketOk(ctx.app, reporter.token, validReport({ description: secretText, photoIds: [photoId], address: '景泰直街12号401房', location: { ...JINGTAI, lat: 23.171234, lng: 113.275678 } }))
    expect((await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/accept`, payload: {} })).statusCode).toBe(200)
    const dispatched = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/dispatch`, payload: {} })
    expect(dispatched.statusCode).toBe(200)
    const workerId = dispatched.json().assignee.id as number
    const { openid } = await ctx.app.db.selectFrom('users').select('openid').where('id', '=', workerId).executeTakeFirstOrThrow()
    const worker = (await login(ctx.app, openid.replace(/^dev:/, ''))).token
    const moved = await injectAs(ctx.app, worker, { method: 'POST', url: '/api/ops/position', payload: { location: { ...JINGTAI, lat: JINGTAI.lat + 0.001 }, ticketId: ticket.id } })
    expect(moved.statusCode).toBe(204)
    return { ticket, photoId }
  }

  it('gives a stranger who follows a guessed id only the public view: no description, photos, exact spot or track', async () => {
    const { ticket, photoId } = await privateTicketWithTrack()
    // Ids are sequential: a stranger can guess this one and follow it.
    expect((await injectAs(ctx.app, stranger, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })).statusCode).toBe(200)
    const res = await getTicket(ctx.app, stranger, ticket.id)
    expect(res.statusCode).toBe(200)
    const seen = res.json()
    expect(seen).toMatchObject({ relation: 'follower', description: '', photos: [], addressNote: null, categoryId: 'exposed_garbage', status: 'dispatched' })
    expect(seen.location.lat).toBe(Math.round(seen.location.lat * 1e4) / 1e4)
    expect(seen.location).toEqual({ lat: Math.round(ticket.location.lat * 1e4) / 1e4, lng: Math.round(ticket.location.lng * 1e4) / 1e4 })
    expect(seen.location).not.toEqual(ticket.location)
    for (const secret of ['13812345678', '粤A12345', photoId, '景泰直街12号401房', reporter.user.displayName]) expect(res.body).not.toContain(secret)
    const track = await injectAs(ctx.app, stranger, { url: `/api/tickets/${ticket.id}/track` })
    expect(track.statusCode).toBe(200)
    expect(track.json().points).toEqual([])
    const list = await injectAs(ctx.app, stranger, { url: '/api/tickets?scope=following' })
    const item = list.json().items.find((row: { id: number }) => row.id === ticket.id)
    expect(item).toMatchObject({ description: '', thumbUrl: null, relation: 'follower' })
    // The reporter and staff still see everything.
    const own = (await getTicket(ctx.app, reporter.token, ticket.id)).json()
    expect(own.description).toBe(secretText)
    expect(own.photos).toHaveLength(1)
    expect((await injectAs(ctx.app, reporter.token, { url: `/api/tickets/${ticket.id}/track` })).json().points).toHaveLength(1)
  })

  it('hides the description and photos from Open311 and nearby unless shared; shared ones lose phone, ID and plate numbers', async () => {
    const privateOne = await fileTicketOk(ctx.app, reporter.token, validReport({ description: secretText, photoIds: [await uploadPhoto(ctx.app, reporter.token)] }))
    const shared = await fileTicketOk(ctx.app, reporter.token, validReport({ description: `${secretText}，身份证440111199001011234`, sharePublicly: true }))
    const stored = await ctx.app.db.selectFrom('tickets').select(['share_public', 'description']).where('id', '=', shared.id).executeTakeFirstOrThrow()
    expect(stored.share_public).toBe(1)
    expect(stored.description).toContain('13812345678')
    const list = await ctx.app.inject({ url: `${BASE}/requests.json?service_request_id=${privateOne.number},${shared.number}` })
    const byId = Object.fromEntries(list.json().map((row: { service_request_id: string }) => [row.service_request_id, row]))
    expect(byId[privateOne.number]).toMatchObject({ description: '', media_url: null })
    expect(byId[shared.number].description).toBe('我家门口 【已隐去】 旁边，车牌【已隐去】 的车挡着垃圾桶，身份证【已隐去】')
    for (const secret of ['13812345678', '粤A12345', '440111199001011234', '/media/']) expect(list.body).not.toContain(secret)
    const nearby = await ctx.app.inject({ url: `/api/tickets/nearby?lat=${JINGTAI.lat}&lng=${JINGTAI.lng}&radius=500&limit=50` })
    expect(nearby.statusCode).toBe(200)
    expect(nearby.json().items.every((item: { thumbUrl: string | null }) => item.thumbUrl === null)).toBe(true)
  })

  it('holds a report the abuse filter matches (filed, but not public) until staff release it', async () => {
    const res = await fileTicket(ctx.app, reporter.token, validReport({ description: '这里的保洁员都是傻 逼，垃圾三天没人收', sharePublicly: true }))
    expect(res.statusCode).toBe(201)
    const ticket = res.json()
    const row = await ctx.app.db.selectFrom('tickets').select(['moderation', 'moderation_reason']).where('id', '=', ticket.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ moderation: 'held', moderation_reason: expect.stringContaining('傻逼') })
    const open311 = async () => (await ctx.app.inject({ url: `${BASE}/requests/${ticket.number}.json` })).json()[0]
    expect((await open311()).description).toBe('')
    const queue = await injectAs(ctx.app, dispatcher, { url: '/api/ops/moderation' })
    expect(queue.json().items.map((item: { id: number }) => item.id)).toContain(ticket.id)
    const released = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/visibility`, payload: { visible: true, reason: '投诉属实，措辞已核' } })
    expect(released.statusCode).toBe(200)
    expect(released.json()).toMatchObject({ moderation: 'ok', reason: '投诉属实，措辞已核' })
    expect((await open311()).description).toContain('垃圾三天没人收')
  })

  it('lets staff hide a public report with a reason: gone from Open311, nearby and followers; residents may not do it', async () => {
    const ticket = await fileTicketOk(ctx.app, reporter.token, validReport({ description: '井盖旁边有积水', sharePublicly: true, location: { ...JINGTAI, lat: JINGTAI.lat + 0.003 } }))
    expect((await injectAs(ctx.app, stranger, { method: 'POST', url: `/api/tickets/${ticket.id}/follow` })).statusCode).toBe(200)
    const refused = await injectAs(ctx.app, stranger, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/visibility`, payload: { visible: false, reason: '我不喜欢' } })
    expect(refused.statusCode).toBe(403)
    const noReason = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/visibility`, payload: { visible: false } })
    expect(noReason.statusCode).toBe(400)
    const hidden = await injectAs(ctx.app, dispatcher, { method: 'POST', url: `/api/ops/tickets/${ticket.id}/visibility`, payload: { visible: false, reason: '涉及他人隐私' } })
    expect(hidden.json()).toMatchObject({ moderation: 'hidden', reason: '涉及他人隐私' })
    const row = await ctx.app.db.selectFrom('tickets').select(['moderation', 'moderation_reason', 'moderated_by']).where('id', '=', ticket.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ moderation: 'hidden', moderation_reason: '涉及他人隐私' })
    expect((await ctx.app.inject({ url: `${BASE}/requests/${ticket.number}.json` })).statusCode).toBe(404)
    const nearby = await ctx.app.inject({ url: `/api/tickets/nearby?lat=${JINGTAI.lat + 0.003}&lng=${JINGTAI.lng}&radius=50` })
    expect(nearby.json().items.map((item: { id: number }) => item.id)).not.toContain(ticket.id)
    expect((await getTicket(ctx.app, stranger, ticket.id)).statusCode).toBe(404)
    expect((await getTicket(ctx.app, reporter.token, ticket.id)).statusCode).toBe(200)
  })

  it('refuses a description made only of invisible characters, and files nothing', async () => {
    const before = await ctx.app.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    const res = await fileTicket(ctx.app, reporter.token, validReport({ description: '\u200b\u200d\u2060\u3000\ufeff\u00a0' }))
    expect(res.statusCode).toBe(400)
    expect(res.json().details[0].field).toBe('body.description')
    const after = await ctx.app.db.selectFrom('tickets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})

describe('moderation rules', () => {
  it.each([
    ['电话 138 1234 5678', '电话 【已隐去】'],
    ['+86-139-0000-1111 找我', '【已隐去】 找我'],
    ['座机020-86001234', '座机【已隐去】'],
    ['身份证 44011119900101123X', '身份证 【已隐去】'],
    ['车牌 粤A·D12345 新能源', '车牌 【已隐去】 新能源'],
    ['粤 A 1234学 教练车', '【已隐去】 教练车'],
    ['编号 BY20261125-0001 已处理', '编号 BY20261125-0001 已处理'],
  ])('redacts %s', (text, expected) => {
    expect(redactPersonalData(text)).toBe(expected)
  })

  it('matches words across spaces and punctuation, latin ones as whole words only', () => {
    const moderator = createModerator(['傻逼', 'sb', '加微信'])
    expect(moderator.abuseIn('傻-逼')).toEqual(['傻逼'])
    expect(moderator.abuseIn('加 微 信 xyz')).toEqual(['加微信'])
    expect(moderator.abuseIn('你是 SB')).toEqual(['sb'])
    expect(moderator.abuseIn('USB 接口坏了')).toEqual([])
  })

  it('knows invisible-only text', () => {
    expect(isInvisibleOnly('\u200b \u3000')).toBe(true)
    expect(isInvisibleOnly('a\u200b')).toBe(false)
    expect(isInvisibleOnly('')).toBe(false)
  })
})
