/**
 * The generic outbox (lib/outbox) with a kind of item that is not a report: a worker's resolve
 * with after-photos. It waits offline, then goes out once, photos first, with the key it was born with.
 */
import { ApiError } from '@/services/apiError'
import { newIdempotencyKey } from '@/lib/outbox/key'
import { sendWithPhotos, uploadedIds, type PendingPhoto } from '@/lib/outbox/photos'
import { createOutbox, type OutboxItem, type OutboxSender, type OutboxStore } from '@/lib/outbox/queue'

interface ResolveDraft {
  key: string
  ticketId: number
  note: string
  photos: PendingPhoto[]
}

function fakeWorkApi() {
  let online = false
  const resolved = new Map<string, { ticketId: number; photoIds: string[] }>()
  const keysSeen: string[] = []
  const uploads: string[] = []
  const offline = () => new ApiError('NETWORK', 0, '网络连接失败，请检查网络后重试')
  return {
    resolved,
    keysSeen,
    uploads,
    setOnline: (value: boolean) => void (online = value),
    upload: async (localPath: string) => {
      if (!online) throw offline()
      uploads.push(localPath)
      return { id: `up-${uploads.length}`, thumbUrl: `/media/up-${uploads.length}-thumb.jpg` }
    },
    resolve: async (draft: ResolveDraft) => {
      keysSeen.push(draft.key)
      if (!online) throw offline()
      if (!resolved.has(draft.key)) resolved.set(draft.key, { ticketId: draft.ticketId, photoIds: uploadedIds(draft.photos) })
      return { ticketId: draft.ticketId, status: 'resolved' }
    },
  }
}

function memoryStore<D>(): OutboxStore<D> & { saved: OutboxItem<D>[] } {
  const store = { saved: [] as OutboxItem<D>[], load: () => store.saved, save: (items: OutboxItem<D>[]) => void (store.saved = JSON.parse(JSON.stringify(items))) }
  return store
}

it('a resolve with photos waits offline and is sent once with its own key when the network is back', async () => {
  const api = fakeWorkApi()
  const sender: OutboxSender<ResolveDraft, { ticketId: number; status: string }> = {
    send: async (draft, onDraftChange) =>
      (await sendWithPhotos(draft, { upload: api.upload, submit: api.resolve, photoField: 'body.photoIds' }, { onDraftChange })).result,
    explain: (error) => ({ reason: error.message, fieldErrors: {} }),
  }
  const store = memoryStore<ResolveDraft>()
  const outbox = createOutbox(store, sender)
  const draft: ResolveDraft = {
    key: newIdempotencyKey('rsv'),
    ticketId: 42,
    note: '已清理',
    photos: [{ id: 'a', localPath: 'wxfile://after-a.jpg' }, { id: 'b', localPath: 'wxfile://after-b.jpg' }],
  }
  expect(draft.key).toMatch(/^rsv-[a-z0-9]+-[a-z0-9]+$/)

  outbox.add(draft)
  await outbox.flush()
  expect(store.saved[0]).toMatchObject({ state: 'waiting', reason: '网络连接失败，请检查网络后重试', attempts: 1 })

  api.setOnline(true)
  await Promise.all([outbox.flush(), outbox.flush()])
  await outbox.flush()

  expect(api.uploads).toEqual(['wxfile://after-a.jpg', 'wxfile://after-b.jpg'])
  expect(new Set(api.keysSeen)).toEqual(new Set([draft.key]))
  expect([...api.resolved.values()]).toEqual([{ ticketId: 42, photoIds: ['up-1', 'up-2'] }])
  expect(outbox.items()).toEqual([])
  expect(outbox.sentSince(0)).toEqual([{ ticketId: 42, status: 'resolved' }])
})
