/**
 * The public view of a ticket: what anyone who is neither its reporter nor staff may see, wherever
 * they see it (followers, the nearby list, Open311 reads, the public map). One place decides:
 *
 * - public: the category, the status and its times (created, due, resolved, closed), a location
 *   rounded to 4 decimals (~10 m), the street and community, the workers' after-photos, and staff
 *   notes with personal data removed;
 * - the resident's description only if they chose so when reporting (`sharePublicly`, default
 *   private), never while the abuse filter holds it or staff hid the report, and always as the
 *   public copy (phone, ID card and plate numbers removed);
 * - the resident's photos: only as protected copies (faces and plates blurred, issue #20): the
 *   photo mechanism (services/uploads photoFor / protectedPhotoOf) hands anyone but the uploader
 *   and staff the protected copy, and leaves a photo out while its copy is not ready;
 * - never: the reporter, their address note, contact fields, rating comments, appeal reasons,
 *   the exact location, the worker's track;
 * - a report staff hid is not public at all: not listed, and 404 to anyone but reporter and staff.
 *
 * Ticket ids are sequential, so guessing one must give nothing beyond this view: following a
 * ticket gives exactly this view.
 */
import type { TicketRow } from '../../db/schema'
import { round } from '../../lib/coords'
import { redactPersonalData } from '../moderation'

/** Degrees are rounded to this many decimals in public (~10 m at Guangzhou's latitude). */
export const PUBLIC_DECIMALS = 4

/** Residents' photos are public only as protected copies (issue #20), which photoFor guarantees. */
export const RESIDENT_PHOTOS_PUBLIC = true

type Moderated = Pick<TicketRow, 'share_public' | 'moderation'>

/** Listed publicly at all (nearby, Open311, public map)? */
export function isPubliclyListed(ticket: Pick<TicketRow, 'moderation'>): boolean {
  return ticket.moderation !== 'hidden'
}

/** The public copy of the resident's description, or null when it is not public. */
export function publicDescription(ticket: Moderated & Pick<TicketRow, 'description'>): string | null {
  if (ticket.share_public !== 1 || ticket.moderation !== 'ok') return null
  const text = redactPersonalData(ticket.description).trim()
  return text || null
}

/** A staff note (reply) as the public reads it; residents' own notes (appeal reasons) stay private. */
export function publicNote(note: string | null, actorRole: string): string | null {
  if (note === null || actorRole === 'resident') return null
  return redactPersonalData(note)
}

export function publicPoint<P extends { lat: number; lng: number }>(point: P): { lat: number; lng: number } {
  return { lat: round(point.lat, PUBLIC_DECIMALS), lng: round(point.lng, PUBLIC_DECIMALS) }
}

/** Which event photos the public sees: staff's (after-photos), residents' only once protected copies exist. */
export function publicEventPhotos<T>(photos: T[], actorRole: string): T[] {
  return actorRole !== 'resident' || RESIDENT_PHOTOS_PUBLIC ? photos : []
}
