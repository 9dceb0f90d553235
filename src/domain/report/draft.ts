/**
 * The report draft: what the resident is filling in (kept on the device while they do) and the
 * ticket body it becomes. The same draft, with its key, is what the outbox keeps and resends.
 */
import type { CreateTicketBody } from '@contract/tickets'
import { ApiError } from '@/services/apiError'
import { newIdempotencyKey } from '@/lib/outbox/key'
import { uploadedIds, type PendingPhoto } from '@/lib/outbox/photos'
import { FIELD_MESSAGES } from './messages'

/** Storage key of the draft (kept here so the tab page can peek without loading the form). */
export const DRAFT_STORAGE_KEY = 'ybs.report.draft'

export type DraftPhoto = PendingPhoto

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
  /** Set when the form was opened from a facility's 报告问题: the ticket links to it. */
  facilityId?: string
  /** The resident chose to show the description to others (redacted of phone, ID and plate numbers). */
  sharePublicly?: boolean
  createdAt: string
  updatedAt: string
}

export function newDraft(now = new Date()): ReportDraft {
  const at = now.toISOString()
  return { key: newIdempotencyKey('rpt', now.getTime()), description: '', address: '', photos: [], createdAt: at, updatedAt: at }
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
    photoIds: uploadedIds(draft.photos),
    location: { lat: draft.location.lat, lng: draft.location.lng, coordSystem: 'gcj02' },
    ...(address ? { address } : {}),
    ...(draft.facilityId ? { facilityId: draft.facilityId } : {}),
    ...(draft.sharePublicly ? { sharePublicly: true } : {}),
  }
}
