/**
 * A generic outbox: items that could not be sent (no network, server down) wait in a store and
 * are sent again later with the SAME idempotency key, so the server acts on each one once.
 * What an item is and how it is sent is the sender's business (a report, a worker's resolve…);
 * plain TypeScript: the store and the sender are passed in, so tests drive it with fakes.
 */
import { toApiError, type ApiError } from '@/services/apiError'

export type OutboxState = 'waiting' | 'sending' | 'failed'

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  waiting: '等待发送',
  sending: '发送中',
  failed: '发送失败',
}

/** Form field → the Chinese sentence for it (each kind of item names its own fields). */
export type FieldMessages = Partial<Record<string, string>>

/** What waits: `draft.key` is the Idempotency-Key, made with the draft and kept for every retry. */
export interface OutboxItem<D, F extends FieldMessages = FieldMessages> {
  id: string
  draft: D
  state: OutboxState
  /** Why the last attempt failed, in Chinese. */
  reason?: string
  fieldErrors?: F
  attempts: number
  queuedAt: string
}

export interface OutboxStore<D, F extends FieldMessages = FieldMessages> {
  load(): OutboxItem<D, F>[]
  save(items: OutboxItem<D, F>[]): void
}

export interface OutboxSender<D, R, F extends FieldMessages = FieldMessages> {
  /** Sends one draft; `onDraftChange` persists progress (an uploaded photo) so a retry resumes. */
  send(draft: D, onDraftChange: (draft: D) => void): Promise<R>
  /** The failure as the item shows it: one sentence, and the fields it points at. */
  explain(error: ApiError, draft: D): { reason: string; fieldErrors: F }
}

export interface Outbox<D, R, F extends FieldMessages = FieldMessages> {
  items(): OutboxItem<D, F>[]
  /** Queues a draft that could not be sent (its key stays with it). */
  add(draft: D, reason?: string): OutboxItem<D, F>
  /** Sends every waiting item, one at a time (automatic triggers: app shown, network back). */
  flush(): Promise<void>
  /** The person's 重试: sends one item, even a failed one. */
  retry(id: string): Promise<void>
  remove(id: string): void
  subscribe(listener: (items: OutboxItem<D, F>[]) => void): () => void
  /** What the server accepted at or after `time` (ms), newest last; kept in memory only. */
  sentSince(time: number): R[]
}

export interface OutboxOptions<D, R, F extends FieldMessages = FieldMessages> {
  /** Called once per item the server accepted (e.g. to delete its local photo files). */
  onSent?: (item: OutboxItem<D, F>, result: R) => void
  now?: () => Date
}

/** No answer, a server fault or rate limiting: worth sending again later. A 4xx is the item's own fault. */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 429
}

/** How many sent results are remembered for `sentSince`. */
const SENT_MEMORY = 50

export function createOutbox<D extends { key: string }, R, F extends FieldMessages = FieldMessages>(
  store: OutboxStore<D, F>,
  sender: OutboxSender<D, R, F>,
  options: OutboxOptions<D, R, F> = {},
): Outbox<D, R, F> {
  type Item = OutboxItem<D, F>
  const now = options.now ?? (() => new Date())
  const listeners = new Set<(items: Item[]) => void>()
  // An item left 'sending' by an app that was closed mid-send is simply waiting again.
  let items: Item[] = store.load().map((item) => (item.state === 'sending' ? { ...item, state: 'waiting' } : item))
  const recentlySent: { at: number; result: R }[] = []
  let flushing: Promise<void> | null = null
  let flushAgain = false
  const inFlight = new Set<string>()

  function commit(next: Item[]) {
    items = next
    store.save(items)
    for (const listener of listeners) listener(items)
  }
  function update(id: string, change: Partial<Item>) {
    commit(items.map((item) => (item.id === id ? { ...item, ...change } : item)))
  }

  /** Sends one item; true when the network itself is down (no point trying the next one now). */
  async function send(id: string): Promise<boolean> {
    const item = items.find((candidate) => candidate.id === id)
    if (!item || inFlight.has(id)) return false
    inFlight.add(id)
    update(id, { state: 'sending', reason: undefined, fieldErrors: undefined, attempts: item.attempts + 1 })
    try {
      const result = await sender.send(item.draft, (draft) => update(id, { draft }))
      const sent = items.find((candidate) => candidate.id === id) ?? item
      // Recorded before the item leaves, so listeners of that change can already count it.
      recentlySent.push({ at: now().getTime(), result })
      if (recentlySent.length > SENT_MEMORY) recentlySent.shift()
      commit(items.filter((candidate) => candidate.id !== id))
      options.onSent?.(sent, result)
      return false
    } catch (error) {
      const apiError = toApiError(error)
      const current = items.find((candidate) => candidate.id === id)
      if (!current) return false // deleted while sending
      const { reason, fieldErrors } = sender.explain(apiError, current.draft)
      update(id, { state: isRetryable(apiError) ? 'waiting' : 'failed', reason, fieldErrors })
      return apiError.status === 0
    } finally {
      inFlight.delete(id)
    }
  }

  async function flushOnce() {
    for (const item of items.filter((candidate) => candidate.state === 'waiting')) {
      const offline = await send(item.id)
      if (offline) return
    }
  }

  function flush(): Promise<void> {
    if (flushing) {
      flushAgain = true
      return flushing
    }
    flushing = (async () => {
      do {
        flushAgain = false
        await flushOnce()
      } while (flushAgain)
    })().finally(() => {
      flushing = null
    })
    return flushing
  }

  return {
    items: () => items,
    add(draft, reason) {
      const existing = items.find((item) => item.id === draft.key)
      const item: Item = { id: draft.key, draft, state: 'waiting', reason, attempts: existing?.attempts ?? 0, queuedAt: now().toISOString() }
      commit(existing ? items.map((candidate) => (candidate.id === item.id ? item : candidate)) : [...items, item])
      return item
    },
    flush,
    retry: (id) => send(id).then(() => undefined),
    remove(id) {
      commit(items.filter((item) => item.id !== id))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    sentSince(time) {
      return recentlySent.filter((entry) => entry.at >= time).map((entry) => entry.result)
    },
  }
}
