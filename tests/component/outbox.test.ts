/**
 * The report outbox (domain/report over lib/outbox) with a fake network and a fake storage: a report that fails for lack of network
 * waits, is sent again when the app shows or the network comes back, always with the key its
 * draft was born with, and the server files it exactly once. A 4xx is not retried by itself.
 */
import type { CreateTicketBody, TicketDetail } from '@contract/tickets'
import { ApiError } from '@/services/apiError'
import { newDraft, type ReportDraft } from '@/domain/report/draft'
import { createReportOutbox, type ReportNetwork, type ReportOutboxItem, type ReportOutboxStore } from '@/domain/report/sender'

/** A backend in memory: it files a ticket per new key and answers the same ticket for a repeated key. */
function fakeServer() {
  const tickets = new Map<string, { id: number; body: CreateTicketBody }>()
  const uploads: string[] = []
  let online = true
  let nextAnswer: ApiError | null = null
  /** The server filed the ticket but the answer never arrived (connection dropped). */
  let loseNextAnswer = false
  const keysSeen: string[] = []
  const offline = () => new ApiError('NETWORK', 0, '网络连接失败，请检查网络后重试')

  const network: ReportNetwork = {
    uploadPhoto: jest.fn(async (localPath: string) => {
      if (!online) throw offline()
      uploads.push(localPath)
      return { id: `up-${uploads.length}`, thumbUrl: `/media/up-${uploads.length}-thumb.jpg` }
    }),
    createTicket: jest.fn(async (body: CreateTicketBody, key: string) => {
      keysSeen.push(key)
      if (!online) throw offline()
      if (nextAnswer) {
        const answer = nextAnswer
        nextAnswer = null
        throw answer
      }
      const existing = tickets.get(key)
      const id = existing?.id ?? tickets.size + 1
      if (!existing) tickets.set(key, { id, body })
      if (loseNextAnswer) {
        loseNextAnswer = false
        throw offline()
      }
      const ticket = { id, number: `BY20261125-000${id}`, dueAt: '2026-11-25T12:00:00.000Z' } as TicketDetail
      return { ticket, created: !existing }
    }),
  }
  return {
    network,
    tickets,
    uploads,
    keysSeen,
    goOffline: () => void (online = false),
    goOnline: () => void (online = true),
    failNextWith: (error: ApiError) => void (nextAnswer = error),
    loseNextAnswer: () => void (loseNextAnswer = true),
  }
}

function memoryStorage(initial: ReportOutboxItem[] = []): ReportOutboxStore & { saved: ReportOutboxItem[] } {
  const store = {
    saved: initial,
    load: () => store.saved,
    save: (items: ReportOutboxItem[]) => void (store.saved = JSON.parse(JSON.stringify(items))),
  }
  return store
}

function draft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    ...newDraft(new Date('2026-11-25T08:00:00Z')),
    categoryId: 'exposed_garbage',
    categoryName: '暴露垃圾',
    description: '路边有成堆垃圾',
    location: { lat: 23.17, lng: 113.275 },
    ...overrides,
  }
}

it('keeps a report that failed offline, waiting, with the reason', async () => {
  const server = fakeServer()
  const storage = memoryStorage()
  const outbox = createReportOutbox(storage, server.network)
  server.goOffline()

  outbox.add(draft(), '网络连接失败，请检查网络后重试')
  await outbox.flush()

  expect(outbox.items()).toHaveLength(1)
  expect(outbox.items()[0]).toMatchObject({ state: 'waiting', reason: '网络连接失败，请检查网络后重试', attempts: 1 })
  expect(storage.saved).toHaveLength(1) // survives the app closing
  expect(server.tickets.size).toBe(0)
})

it('sends it when the network is back, with the same key every time, exactly once', async () => {
  const server = fakeServer()
  const storage = memoryStorage()
  const outbox = createReportOutbox(storage, server.network)
  const report = draft()
  server.goOffline()
  outbox.add(report)
  await outbox.flush() // app shown, still offline
  await outbox.flush() // network flickered, still offline

  server.goOnline()
  // App shown and network back at the same moment: two triggers, one send.
  await Promise.all([outbox.flush(), outbox.flush()])
  await outbox.flush()

  expect(server.keysSeen.length).toBeGreaterThanOrEqual(3)
  expect(new Set(server.keysSeen)).toEqual(new Set([report.key]))
  expect(server.tickets.size).toBe(1)
  expect(server.tickets.get(report.key)?.body).toMatchObject({ categoryId: 'exposed_garbage', location: { coordSystem: 'gcj02' } })
  expect(outbox.items()).toEqual([])
  expect(storage.saved).toEqual([])
})

it('does not file twice when the first answer was lost after the server filed it', async () => {
  const server = fakeServer()
  const sent = jest.fn()
  const outbox = createReportOutbox(memoryStorage(), server.network, { onSent: sent })
  server.loseNextAnswer()

  outbox.add(draft())
  await outbox.flush()
  expect(outbox.items()[0].state).toBe('waiting')

  await outbox.flush()
  expect(server.tickets.size).toBe(1)
  expect(outbox.items()).toEqual([])
  expect(sent).toHaveBeenCalledTimes(1)
  expect(sent.mock.calls[0][1]).toMatchObject({ number: 'BY20261125-0001' })
})

it('a 4xx is not retried by itself: it fails with the Chinese reason, 重试 sends it on demand', async () => {
  const server = fakeServer()
  const outbox = createReportOutbox(memoryStorage(), server.network)
  server.failNextWith(new ApiError('OUT_OF_DISTRICT', 400, '位置不在服务区域内', [{ field: 'body.location', message: 'is outside the district' }]))

  outbox.add(draft())
  await outbox.flush()
  expect(outbox.items()[0]).toMatchObject({
    state: 'failed',
    reason: '该位置不在白云区服务范围内，请把图钉移到区内',
    fieldErrors: { location: '该位置不在白云区服务范围内，请把图钉移到区内' },
  })

  await outbox.flush()
  await outbox.flush()
  expect(server.network.createTicket).toHaveBeenCalledTimes(1)

  await outbox.retry(outbox.items()[0].id)
  expect(server.network.createTicket).toHaveBeenCalledTimes(2)
  expect(server.tickets.size).toBe(1)
  expect(outbox.items()).toEqual([])
})

it('a server fault (5xx) waits for the next trigger like a lost connection', async () => {
  const server = fakeServer()
  const outbox = createReportOutbox(memoryStorage(), server.network)
  server.failNextWith(new ApiError('INTERNAL', 503, '服务暂时不可用，请稍后再试'))
  outbox.add(draft())
  await outbox.flush()
  expect(outbox.items()[0]).toMatchObject({ state: 'waiting', reason: '服务暂时不可用，请稍后再试' })
  await outbox.flush()
  expect(outbox.items()).toEqual([])
})

it('uploads the photos not uploaded yet first, and never uploads one twice', async () => {
  const server = fakeServer()
  const storage = memoryStorage()
  const outbox = createReportOutbox(storage, server.network)
  const report = draft({
    description: '',
    photos: [
      { id: 'a', localPath: 'wxfile://a.jpg', uploadedId: 'up-old', thumbUrl: '/media/old-thumb.jpg' },
      { id: 'b', localPath: 'wxfile://b.jpg' },
      { id: 'c', localPath: 'wxfile://c.jpg' },
    ],
  })
  outbox.add(report)
  // Photo b goes up, then the network drops before c.
  ;(server.network.uploadPhoto as jest.Mock).mockImplementationOnce(async () => {
    server.uploads.push('wxfile://b.jpg')
    server.goOffline()
    return { id: 'up-b', thumbUrl: '/media/up-b-thumb.jpg' }
  })
  await outbox.flush()
  expect(storage.saved[0].draft.photos.map((photo) => photo.uploadedId)).toEqual(['up-old', 'up-b', undefined])

  server.goOnline()
  await outbox.flush()
  expect(server.uploads).toEqual(['wxfile://b.jpg', 'wxfile://c.jpg'])
  expect(server.tickets.get(report.key)?.body.photoIds).toEqual(['up-old', 'up-b', 'up-2'])
})

it('re-uploads photos from the device when the server no longer has them (uploads expire after a day)', async () => {
  const server = fakeServer()
  const outbox = createReportOutbox(memoryStorage(), server.network)
  const report = draft({ photos: [{ id: 'a', localPath: 'wxfile://a.jpg', uploadedId: 'expired' }] })
  server.failNextWith(new ApiError('VALIDATION_FAILED', 400, '填写的内容有误', [{ field: 'body.photoIds.0', message: 'is not a photo you uploaded' }]))
  outbox.add(report)
  await outbox.flush()
  expect(outbox.items()).toEqual([])
  expect(server.uploads).toEqual(['wxfile://a.jpg'])
  expect(server.tickets.get(report.key)?.body.photoIds).toEqual(['up-1'])
})

it('an item the app was sending when it was closed is waiting again after a restart', async () => {
  const server = fakeServer()
  const stuck: ReportOutboxItem = { id: 'k1', draft: draft({ key: 'rpt-stuck-key-1' }), state: 'sending', attempts: 1, queuedAt: '2026-11-25T08:00:00Z' }
  const outbox = createReportOutbox(memoryStorage([stuck]), server.network)
  expect(outbox.items()[0].state).toBe('waiting')
  await outbox.flush()
  expect(server.keysSeen).toEqual(['rpt-stuck-key-1'])
  expect(outbox.items()).toEqual([])
})

it('tells subscribers about every state: waiting, sending, then gone', async () => {
  const server = fakeServer()
  const outbox = createReportOutbox(memoryStorage(), server.network)
  const states: string[] = []
  outbox.subscribe((items) => states.push(items.map((item) => item.state).join(',') || 'empty'))
  outbox.add(draft())
  await outbox.flush()
  expect(states).toEqual(['waiting', 'sending', 'empty'])
})

it('records what it sent, already when subscribers hear the item is gone (the outbox page counts it)', async () => {
  const server = fakeServer()
  const outbox = createReportOutbox(memoryStorage(), server.network)
  const openedAt = Date.now()
  const countsWhenEmpty: number[] = []
  outbox.subscribe((items) => {
    if (items.length === 0) countsWhenEmpty.push(outbox.sentSince(openedAt).length)
  })
  outbox.add(draft())
  const deleted = outbox.add(draft())
  outbox.remove(deleted.id)
  expect(outbox.sentSince(openedAt)).toEqual([])
  await outbox.flush()
  expect(countsWhenEmpty.at(-1)).toBe(1) // the sent one, not the deleted one
  expect(outbox.sentSince(Date.now() + 1000)).toEqual([])
})

it('deleting an item stops it from being sent', async () => {
  const server = fakeServer()
  const outbox = createReportOutbox(memoryStorage(), server.network)
  const item = outbox.add(draft())
  outbox.remove(item.id)
  await outbox.flush()
  expect(server.network.createTicket).not.toHaveBeenCalled()
})
