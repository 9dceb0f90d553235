/**
 * The report draft and the outbox: reports that could not be sent (no network, server down) wait
 * here and are sent again later with the SAME idempotency key, so the server files each one once.
 * Plain TypeScript: storage and network are passed in, so tests drive it with fakes.
 */
import type { CreateTicketBody, TicketDetail } from '@contract/tickets'
import { ApiError, toApiError } from './apiError'

/** Storage keys (kept here so the tab page can peek without loading the form). */
export const DRAFT_STORAGE_KEY = 'ybs.report.draft'
export const OUTBOX_STORAGE_KEY = 'ybs.report.outbox'

export interface DraftPhoto {
  /** Stable within the draft (the local path may be dropped once uploaded). */
  id: string
  /** The compressed photo on the device: a temp/saved path on weapp, a data: URL on H5. */
  localPath: string
  /** Set once uploaded; the server keeps an unattached upload for a day. */
  uploadedId?: string
  thumbUrl?: string
}

export interface ReportDraft {
  /** Idempotency-Key: made with the draft, kept for every retry of it. */
  key: string
  categoryId?: string
  categoryName?: string
  description: string
  /** The resident's own note (门牌, landmark). */
  address: string
  /** GCJ-02. */
  location?: { lat: number; lng: number }
  photos: DraftPhoto[]
  facilityId?: string
  createdAt: string
  updatedAt: string
}

/** Form fields an error can point at. */
export type ReportField = 'category' | 'description' | 'photos' | 'location' | 'address'
export type FieldErrors = Partial<Record<ReportField, string>>

export const FIELD_MESSAGES = {
  noCategory: '请选择问题类型',
  empty: '请描述问题，或至少添加一张照片',
  tooLong: '问题描述不能超过500字',
  noLocation: '请在地图上标出问题位置',
  outOfDistrict: '该位置不在白云区服务范围内，请把图钉移到区内',
  addressTooLong: '补充地址不能超过200字',
  photoExpired: '照片已失效，请删除后重新添加',
  badCategory: '该问题类型已停用，请重新选择',
} as const

export type OutboxState = 'waiting' | 'sending' | 'failed'

export const OUTBOX_STATE_LABELS: Record<OutboxState, string> = {
  waiting: '等待发送',
  sending: '发送中',
  failed: '发送失败',
}

export interface OutboxItem {
  id: string
  draft: ReportDraft
  state: OutboxState
  /** Why the last attempt failed, in Chinese. */
  reason?: string
  fieldErrors?: FieldErrors
  attempts: number
  queuedAt: string
}

export interface SentTicket {
  id: number
  number: string
  dueAt: string
}

/** What the outbox needs from the network (report.ts in the app, a fake in tests). */
export interface ReportNetwork {
  uploadPhoto(localPath: string, onProgress?: (percent: number) => void): Promise<{ id: string; thumbUrl: string }>
  createTicket(body: CreateTicketBody, key: string): Promise<{ ticket: TicketDetail; created: boolean }>
}

export interface OutboxStorage {
  load(): OutboxItem[]
  save(items: OutboxItem[]): void
}

/** 8..128 of [A-Za-z0-9_.:-], unique enough per resident: time plus randomness. */
export function newIdempotencyKey(now = Date.now()): string {
  const random = Array.from({ length: 3 }, () => Math.random().toString(36).slice(2, 8)).join('')
  return `rpt-${now.toString(36)}-${random}`
}

export function newDraft(now = new Date()): ReportDraft {
  const at = now.toISOString()
  return { key: newIdempotencyKey(now.getTime()), description: '', address: '', photos: [], createdAt: at, updatedAt: at }
}

/** True when the resident put anything into the draft worth keeping. */
export function draftHasContent(draft: ReportDraft): boolean {
  return Boolean(draft.description.trim() || draft.address.trim() || draft.photos.length > 0)
}

export function ticketBody(draft: ReportDraft): CreateTicketBody {
  if (!draft.categoryId || !draft.location) throw new ApiError('VALIDATION_FAILED', 400, FIELD_MESSAGES.noLocation)
  const address = draft.address.trim()
  return {
    categoryId: draft.categoryId,
    description: draft.description.trim(),
    photoIds: draft.photos.map((photo) => photo.uploadedId).filter((id): id is string => Boolean(id)),
    location: { lat: draft.location.lat, lng: draft.location.lng, coordSystem: 'gcj02' },
    ...(address ? { address } : {}),
  }
}

/** No answer, a server fault or rate limiting: worth sending again later. A 4xx is the report's own fault. */
export function isRetryable(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500 || error.status === 429
}

/** The server's field paths (body.location, body.photoIds.2 …) → the form's fields, in Chinese. */
export function fieldErrorsOf(error: ApiError, draft?: ReportDraft): FieldErrors {
  const errors: FieldErrors = {}
  for (const { field } of error.details) {
    if (field.startsWith('body.location')) {
      errors.location = error.code === 'OUT_OF_DISTRICT' ? FIELD_MESSAGES.outOfDistrict : FIELD_MESSAGES.noLocation
    } else if (field.startsWith('body.description')) {
      errors.description = (draft?.description.length ?? 0) > 500 ? FIELD_MESSAGES.tooLong : FIELD_MESSAGES.empty
    } else if (field.startsWith('body.photoIds')) errors.photos = FIELD_MESSAGES.photoExpired
    else if (field.startsWith('body.categoryId')) errors.category = FIELD_MESSAGES.badCategory
    else if (field.startsWith('body.address')) errors.address = FIELD_MESSAGES.addressTooLong
  }
  if (error.code === 'OUT_OF_DISTRICT') errors.location = FIELD_MESSAGES.outOfDistrict
  return errors
}

/** The one sentence an outbox item shows for a failure. */
export function reasonOf(error: ApiError, fieldErrors: FieldErrors): string {
  return Object.values(fieldErrors)[0] ?? error.message
}

interface SendHooks {
  /** A photo got its server id: persist it so a later retry does not upload it again. */
  onDraftChange?: (draft: ReportDraft) => void
  onPhotoProgress?: (index: number, percent: number) => void
}

/** Uploads what is not uploaded yet, in order. */
async function uploadPending(draft: ReportDraft, network: ReportNetwork, hooks: SendHooks): Promise<ReportDraft> {
  let current = draft
  for (let index = 0; index < current.photos.length; index++) {
    const photo = current.photos[index]
    if (photo.uploadedId) continue
    const uploaded = await network.uploadPhoto(photo.localPath, (percent) => hooks.onPhotoProgress?.(index, percent))
    const photos = current.photos.map((item, at) => (at === index ? { ...item, uploadedId: uploaded.id, thumbUrl: uploaded.thumbUrl } : item))
    current = { ...current, photos }
    hooks.onDraftChange?.(current)
  }
  return current
}

/**
 * Sends a draft: pending photos first, then the ticket with the draft's key. When the server says
 * an uploaded photo is no longer usable (uploads expire after a day), those photos are uploaded
 * again from the device once.
 */
export async function sendReport(
  draft: ReportDraft,
  network: ReportNetwork,
  hooks: SendHooks = {},
): Promise<{ ticket: SentTicket; created: boolean; draft: ReportDraft }> {
  let current = await uploadPending(draft, network, hooks)
  try {
    const { ticket, created } = await network.createTicket(ticketBody(current), current.key)
    return { ticket: { id: ticket.id, number: ticket.number, dueAt: ticket.dueAt }, created, draft: current }
  } catch (error) {
    const apiError = toApiError(error)
    const expired = apiError.status === 400 && apiError.details.some((detail) => detail.field.startsWith('body.photoIds'))
    if (!expired) throw apiError
    current = { ...current, photos: current.photos.map(({ id, localPath }) => ({ id, localPath })) }
    current = await uploadPending(current, network, hooks)
    const { ticket, created } = await network.createTicket(ticketBody(current), current.key)
    return { ticket: { id: ticket.id, number: ticket.number, dueAt: ticket.dueAt }, created, draft: current }
  }
}

export interface Outbox {
  items(): OutboxItem[]
  /** Queues a draft that could not be sent (its key stays with it). */
  add(draft: ReportDraft, reason?: string): OutboxItem
  /** Sends every waiting item, one at a time (automatic triggers: app shown, network back). */
  flush(): Promise<void>
  /** The resident's 重试: sends one item, even a failed one. */
  retry(id: string): Promise<void>
  remove(id: string): void
  subscribe(listener: (items: OutboxItem[]) => void): () => void
  /** Reports the server accepted at or after `time` (ms), newest last; kept in memory only. */
  sentSince(time: number): SentTicket[]
}

export interface OutboxOptions {
  /** Called once per report the server accepted (e.g. to delete its local photo files). */
  onSent?: (item: OutboxItem, ticket: SentTicket) => void
  now?: () => Date
}

export function createOutbox(storage: OutboxStorage, network: ReportNetwork, options: OutboxOptions = {}): Outbox {
  const now = options.now ?? (() => new Date())
  const listeners = new Set<(items: OutboxItem[]) => void>()
  // An item left 'sending' by an app that was closed mid-send is simply waiting again.
  let items: OutboxItem[] = storage.load().map((item) => (item.state === 'sending' ? { ...item, state: 'waiting' } : item))
  const recentlySent: { at: number; ticket: SentTicket }[] = []
  let flushing: Promise<void> | null = null
  let flushAgain = false
  const inFlight = new Set<string>()

  function commit(next: OutboxItem[]) {
    items = next
    storage.save(items)
    for (const listener of listeners) listener(items)
  }
  function update(id: string, change: Partial<OutboxItem>) {
    commit(items.map((item) => (item.id === id ? { ...item, ...change } : item)))
  }

  /** Sends one item; true when the network itself is down (no point trying the next one now). */
  async function send(id: string): Promise<boolean> {
    const item = items.find((candidate) => candidate.id === id)
    if (!item || inFlight.has(id)) return false
    inFlight.add(id)
    update(id, { state: 'sending', reason: undefined, fieldErrors: undefined, attempts: item.attempts + 1 })
    try {
      const { ticket } = await sendReport(item.draft, network, { onDraftChange: (draft) => update(id, { draft }) })
      const sent = items.find((candidate) => candidate.id === id) ?? item
      // Recorded before the item leaves, so listeners of that change can already count it.
      recentlySent.push({ at: now().getTime(), ticket })
      if (recentlySent.length > 50) recentlySent.shift()
      commit(items.filter((candidate) => candidate.id !== id))
      options.onSent?.(sent, ticket)
      return false
    } catch (error) {
      const apiError = toApiError(error)
      const current = items.find((candidate) => candidate.id === id)
      if (!current) return false // deleted while sending
      const fieldErrors = fieldErrorsOf(apiError, current.draft)
      const retryable = isRetryable(apiError)
      update(id, { state: retryable ? 'waiting' : 'failed', reason: reasonOf(apiError, fieldErrors), fieldErrors })
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
      const item: OutboxItem = { id: draft.key, draft, state: 'waiting', reason, attempts: existing?.attempts ?? 0, queuedAt: now().toISOString() }
      commit(existing ? items.map((candidate) => (candidate.id === item.id ? item : candidate)) : [...items, item])
      return item
    },
    flush,
    async retry(id) {
      await send(id)
    },
    remove(id) {
      commit(items.filter((item) => item.id !== id))
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    sentSince(time) {
      return recentlySent.filter((entry) => entry.at >= time).map((entry) => entry.ticket)
    },
  }
}
