/**
 * Sending a report: pending photos first, then the ticket with the draft's key (the same key
 * always answers the same ticket). Used by the form directly and by the report outbox.
 */
import type { CreateTicketBody, TicketDetail } from '@contract/tickets'
import { createOutbox, type Outbox, type OutboxItem, type OutboxOptions, type OutboxSender, type OutboxStore } from '@/lib/outbox/queue'
import { sendWithPhotos, type PhotoHooks, type UploadPhoto } from '@/lib/outbox/photos'
import { ticketBody, type ReportDraft } from './draft'
import { fieldErrorsOf, reasonOf, type FieldErrors } from './messages'

export interface SentTicket {
  id: number
  number: string
  dueAt: string
}

/** What sending needs from the network (services/report.ts in the app, a fake in tests). */
export interface ReportNetwork {
  uploadPhoto: UploadPhoto
  createTicket(body: CreateTicketBody, key: string): Promise<{ ticket: TicketDetail; created: boolean }>
}

export type ReportOutboxItem = OutboxItem<ReportDraft, FieldErrors>
export type ReportOutbox = Outbox<ReportDraft, SentTicket, FieldErrors>
export type ReportOutboxStore = OutboxStore<ReportDraft, FieldErrors>

/** Sends a draft; when the server lost its uploaded photos, they go up again from the device once. */
export function sendReport(
  draft: ReportDraft,
  network: ReportNetwork,
  hooks: PhotoHooks<ReportDraft> = {},
): Promise<{ ticket: SentTicket; created: boolean; draft: ReportDraft }> {
  const submission = {
    upload: network.uploadPhoto,
    submit: (current: ReportDraft) => network.createTicket(ticketBody(current), current.key),
    photoField: 'body.photoIds',
  }
  // .then, not async: every async function costs the main package a regenerator wrapper.
  return sendWithPhotos(draft, submission, hooks).then(({ result: { ticket, created }, draft: sent }) => ({
    ticket: { id: ticket.id, number: ticket.number, dueAt: ticket.dueAt },
    created,
    draft: sent,
  }))
}

export function reportSender(network: ReportNetwork): OutboxSender<ReportDraft, SentTicket, FieldErrors> {
  return {
    send: (draft, onDraftChange) => sendReport(draft, network, { onDraftChange }).then(({ ticket }) => ticket),
    explain: (error, draft) => {
      const fieldErrors = fieldErrorsOf(error, draft)
      return { reason: reasonOf(error, fieldErrors), fieldErrors }
    },
  }
}

export function createReportOutbox(
  store: ReportOutboxStore,
  network: ReportNetwork,
  options?: OutboxOptions<ReportDraft, SentTicket, FieldErrors>,
): ReportOutbox {
  return createOutbox(store, reportSender(network), options)
}
