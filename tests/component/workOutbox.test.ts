/**
 * A worker's resolve that cannot be sent waits in the work outbox (the generic lib/outbox queue
 * with ResolveDraft items): with a fake network, it is retried with the key it was born with,
 * its after-photos go up once each with their capture point, and the server resolves once even
 * when an answer was lost.
 */
import type { WorkResolveResponse } from '@contract/work'
import type { OutboxItem, OutboxStore } from '@/lib/outbox/queue'
import { ApiError } from '@/services/apiError'
import type { CapturePoint } from '@/packages/work/lib/api'
import { createWorkOutbox, newResolveDraft, type ResolveDraft, type ResolveFieldErrors, type ResolveNetwork } from '@/packages/work/lib/outbox'

function fakeServer() {
  let online = true
  let loseNextAnswer = false
  const resolvedByKey = new Map<string, { photoIds: string[]; note: string }>()
  const uploads: { path: string; ticketId: number; capture: CapturePoint }[] = []
  const keysSeen: string[] = []
  const offline = () => new ApiError('NETWORK', 0, '网络连接失败，请检查网络后重试')
  const network: ResolveNetwork = {
    uploadAfterPhoto: jest.fn(async (ticketId: number, path: string, capture: CapturePoint) => {
      if (!online) throw offline()
      uploads.push({ path, ticketId, capture })
      return { id: `up-${uploads.length}`, url: '', thumbUrl: `/media/up-${uploads.length}_thumb.jpg`, width: 1, height: 1, bytes: 1 }
    }),
    resolveTask: jest.fn(async (_id: number, note: string, photoIds: string[], key: string) => {
      keysSeen.push(key)
      if (!online) throw offline()
      if (!resolvedByKey.has(key)) resolvedByKey.set(key, { photoIds, note })
      if (loseNextAnswer) {
        loseNextAnswer = false
        throw offline()
      }
      return { ticket: { id: 7, status: 'resolved' }, warnings: [] } as unknown as WorkResolveResponse
    }),
  }
  return { network, uploads, keysSeen, resolvedByKey, goOffline: () => void (online = false), goOnline: () => void (online = true), loseNextAnswer: () => void (loseNextAnswer = true) }
}

function memoryStore(): OutboxStore<ResolveDraft, ResolveFieldErrors> & { saved: OutboxItem<ResolveDraft, ResolveFieldErrors>[] } {
  const store = {
    saved: [] as OutboxItem<ResolveDraft, ResolveFieldErrors>[],
    load: () => JSON.parse(JSON.stringify(store.saved)),
    save: (items: OutboxItem<ResolveDraft, ResolveFieldErrors>[]) => void (store.saved = JSON.parse(JSON.stringify(items))),
  }
  return store
}

const capture = { lat: 23.17, lng: 113.275, at: '2026-11-25T02:00:00.000Z' }
function draftWithPhotos(): ResolveDraft {
  return {
    ...newResolveDraft(7, 'BY20261125-0007'),
    note: '已清理完毕',
    photos: [
      { id: 'a1', localPath: 'wxfile://usr/photo-1.jpg', capture },
      { id: 'a2', localPath: 'wxfile://usr/photo-2.jpg', capture: { ...capture, lat: 23.171 } },
    ],
  }
}

it('waits offline, then goes out once with the same key, photos included, each uploaded once', async () => {
  const server = fakeServer()
  const store = memoryStore()
  const outbox = createWorkOutbox(store, server.network)
  const draft = draftWithPhotos()
  expect(draft.key).toMatch(/^resolve-/)

  server.goOffline()
  outbox.add(draft, '网络连接失败')
  await outbox.flush()
  expect(outbox.items()).toHaveLength(1)
  expect(store.saved[0].draft.photos).toHaveLength(2) // the photos wait with it, on the device

  // Back online, but the first answer is lost after the server resolved: the retry must not resolve twice.
  server.goOnline()
  server.loseNextAnswer()
  await outbox.flush()
  expect(outbox.items()).toHaveLength(1)
  await outbox.flush()
  expect(outbox.items()).toHaveLength(0)

  expect(new Set(server.keysSeen)).toEqual(new Set([draft.key]))
  expect(server.resolvedByKey.size).toBe(1)
  expect(server.resolvedByKey.get(draft.key)).toEqual({ photoIds: ['up-1', 'up-2'], note: '已清理完毕' })
  expect(server.uploads.map((upload) => [upload.path, upload.capture.lat])).toEqual([
    ['wxfile://usr/photo-1.jpg', 23.17],
    ['wxfile://usr/photo-2.jpg', 23.171],
  ])
})

it('a reopened app finds the waiting resolve in storage and sends it', async () => {
  const server = fakeServer()
  const store = memoryStore()
  server.goOffline()
  const first = createWorkOutbox(store, server.network)
  const draft = draftWithPhotos()
  first.add(draft)
  await first.flush()
  server.goOnline()
  const reopened = createWorkOutbox(store, server.network)
  expect(reopened.items().map((item) => item.draft.key)).toEqual([draft.key])
  await reopened.flush()
  expect(reopened.items()).toEqual([])
  expect(server.resolvedByKey.size).toBe(1)
})
