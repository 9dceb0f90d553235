/**
 * A worker's 完成处置 that could not be sent waits here: the report flow's generic outbox
 * (lib/outbox: same idempotency key on every retry, photos included, each sent once) with its own
 * kind of item, a ResolveDraft, in its own storage key. Sent from the task pages when they show and
 * whenever the network comes back while the work pages are loaded.
 */
import type { WorkResolveResponse } from '@contract/work'
import { newIdempotencyKey } from '@/lib/outbox/key'
import { sendWithPhotos, uploadedIds, type PendingPhoto, type PhotoHooks } from '@/lib/outbox/photos'
import { createOutbox, type Outbox, type OutboxSender, type OutboxStore } from '@/lib/outbox/queue'
import { discardLocalPhoto, flushWhenOnline, taroOutboxStore } from '@/lib/outbox/taro'
import type { ApiError } from '@/services/apiError'
import { resolveTask, uploadAfterPhoto, type CapturePoint } from './api'

export const WORK_OUTBOX_STORAGE_KEY = 'ybs.work.outbox'

export interface AfterPhoto extends PendingPhoto {
  capture: CapturePoint
}

export interface ResolveDraft {
  /** The Idempotency-Key of this resolve, kept for every retry. */
  key: string
  ticketId: number
  ticketNumber: string
  note: string
  photos: AfterPhoto[]
}

export type ResolveFieldErrors = Partial<Record<'photos' | 'note', string>>
export type WorkOutbox = Outbox<ResolveDraft, WorkResolveResponse, ResolveFieldErrors>

export function newResolveDraft(ticketId: number, ticketNumber: string): ResolveDraft {
  return { key: newIdempotencyKey('resolve'), ticketId, ticketNumber, note: '', photos: [] }
}

/** What sending needs from the network (api.ts in the app, fakes in tests). */
export interface ResolveNetwork {
  uploadAfterPhoto: typeof uploadAfterPhoto
  resolveTask: typeof resolveTask
}

const defaultNetwork: ResolveNetwork = { uploadAfterPhoto, resolveTask }

/** Uploads the after-photos not up yet (each with its capture point), then resolves with the draft's key. */
export function sendResolve(draft: ResolveDraft, hooks: PhotoHooks<ResolveDraft> = {}, network = defaultNetwork) {
  return sendWithPhotos(
    draft,
    {
      // The generic sender uploads by local path: the capture point travels with the photo.
      upload: (localPath, onProgress) => {
        const photo = draft.photos.find((candidate) => candidate.localPath === localPath)!
        return network.uploadAfterPhoto(draft.ticketId, localPath, photo.capture, onProgress)
      },
      submit: (current) => network.resolveTask(current.ticketId, current.note, uploadedIds(current.photos), current.key),
      photoField: 'body.photoIds',
    },
    hooks,
  )
}

export function explainResolveError(error: ApiError): { reason: string; fieldErrors: ResolveFieldErrors } {
  const fieldErrors: ResolveFieldErrors = {}
  for (const detail of error.details) {
    if (detail.field.startsWith('body.photoIds')) fieldErrors.photos = '整改照片需要重新拍摄'
    if (detail.field === 'body.note') fieldErrors.note = '请填写整改说明'
  }
  return { reason: fieldErrors.photos ?? fieldErrors.note ?? error.message, fieldErrors }
}

export function resolveSender(network = defaultNetwork): OutboxSender<ResolveDraft, WorkResolveResponse, ResolveFieldErrors> {
  return {
    send: (draft, onDraftChange) => sendResolve(draft, { onDraftChange }, network).then(({ result }) => result),
    explain: (error) => explainResolveError(error),
  }
}

export function createWorkOutbox(store: OutboxStore<ResolveDraft, ResolveFieldErrors>, network = defaultNetwork): WorkOutbox {
  return createOutbox(store, resolveSender(network), {
    onSent: (item) => item.draft.photos.forEach((photo) => discardLocalPhoto(photo.localPath)),
  })
}

let appOutbox: WorkOutbox | null = null

/** The one work outbox of the app; the first call also sends whenever the network comes back. */
export function workOutbox(): WorkOutbox {
  if (!appOutbox) {
    appOutbox = createWorkOutbox(taroOutboxStore<ResolveDraft, ResolveFieldErrors>(WORK_OUTBOX_STORAGE_KEY))
    const outbox = appOutbox
    flushWhenOnline(() => void outbox.flush())
  }
  return appOutbox
}

/** The resolve waiting for a ticket, if any. */
export function pendingResolve(ticketId: number) {
  return workOutbox().items().find((item) => item.draft.ticketId === ticketId)
}
