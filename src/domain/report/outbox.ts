/**
 * The app's one report outbox: the queue (lib/outbox) over Taro storage, sending through the
 * API client (services/report.ts). src/app.ts triggers it on app show and when the network is back,
 * so this file lives in the main package.
 */
import { discardLocalPhoto, flushWhenOnline, taroOutboxStore } from '@/lib/outbox/taro'
import { createTicket, uploadPhoto } from '@/services/report'
import type { ReportDraft } from './draft'
import type { FieldErrors } from './messages'
import { createReportOutbox, type ReportOutbox } from './sender'

export const OUTBOX_STORAGE_KEY = 'ybs.report.outbox'

const store = taroOutboxStore<ReportDraft, FieldErrors>(OUTBOX_STORAGE_KEY)
let appOutbox: ReportOutbox | null = null

/** The one report outbox of the app, created on first use. */
export function reportOutbox(): ReportOutbox {
  appOutbox ??= createReportOutbox(store, { uploadPhoto, createTicket }, {
    onSent: (item) => item.draft.photos.forEach((photo) => discardLocalPhoto(photo.localPath)),
  })
  return appOutbox
}

/** Sends waiting reports, unless there are none (then nothing is loaded or signed in). */
export function flushReportOutbox(): void {
  if (!appOutbox && store.load().length === 0) return
  void reportOutbox().flush()
}

/** The outbox's automatic trigger besides app show: the network coming back. */
export function flushReportOutboxWhenOnline(): void {
  flushWhenOnline(flushReportOutbox)
}
