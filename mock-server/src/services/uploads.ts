/**
 * Uploaded photos as rows: storing a processed photo (files + row in one step), the helpers the
 * ticket service uses to attach photos, and the cleanup of photos nobody attached within a day.
 * URLs are decided here only; file names (`<id>.jpg`, `<id>_thumb.jpg`) by the media store (media-storage.ts).
 *
 * Two copies of each photo (#20). The ORIGINAL is seen by its uploader and staff only, at
 * /media/original/<file>?grant=… (a signed grant, checked with the user's rights per request, never
 * cached publicly). The PROTECTED copy (faces and plates blurred) is what everyone else gets, at
 * /media/<file>?v=<version>; it exists only once the privacy step succeeded (privacy_status
 * 'ready'), so before that a public URL is a 404 and protectedPhotoOf answers null.
 * Which copy a viewer gets is decided in photoFor, nowhere else.
 */
import crypto from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { UserRole } from '@contract/lifecycle'
import type { Photo } from '@contract/uploads'
import type { Database, UploadRow } from '../db/schema'
import { DAY } from '../lib/clock'
import { imageFileName, isUploadId, thumbFileName, type MediaStorage } from './media-storage'
import type { ProcessedPhoto } from './photos'
import { query, runSteps, type Steps } from '../db/steps'
import type { MediaSigner } from './privacy/grants'

export const MEDIA_PREFIX = '/media/'
/** Originals, for the uploader and staff only (see the media route). */
export const ORIGINAL_MEDIA_PREFIX = '/media/original/'
/** Unattached uploads older than this are deleted with their files. */
export const UNATTACHED_TTL_MS = DAY

/** 16 random bytes, base64url: 22 characters, unguessable, safe in a file name and a URL. */
export function newUploadId(): string {
  return crypto.randomBytes(16).toString('base64url')
}

// File names are the media store's (media-storage.ts); re-exported for the readers of rows.
export { imageFileName, isUploadId, thumbFileName }

type PhotoRow = Pick<UploadRow, 'id' | 'width' | 'height' | 'privacy_status' | 'privacy_version'>

/**
 * The protected copy's URLs for a row, whether or not it is ready yet (they answer 404 until it
 * is). Prefer protectedPhotoOf, which leaves out photos not ready.
 */
export function photoOf(row: PhotoRow): Photo {
  const version = `?v=${row.privacy_version}`
  return {
    id: row.id,
    url: MEDIA_PREFIX + imageFileName(row.id) + version,
    thumbUrl: MEDIA_PREFIX + thumbFileName(row.id) + version,
    width: row.width,
    height: row.height,
  }
}

/**
 * What anyone but the uploader and staff may see of a photo: the protected copy (faces and
 * plates blurred), or null while it is not ready (detection pending or failed and queued).
 * The one function public views (followers, the public map, Open311) use.
 */
export function protectedPhotoOf(row: PhotoRow): Photo | null {
  return row.privacy_status === 'ready' ? photoOf(row) : null
}

/** The protected image's URL path, or null while not ready (Open311 media_url). */
export function protectedImageUrl(row: Pick<PhotoRow, 'id' | 'privacy_status' | 'privacy_version'>): string | null {
  return row.privacy_status === 'ready' ? `${MEDIA_PREFIX}${imageFileName(row.id)}?v=${row.privacy_version}` : null
}

/** The protected thumbnail URL of a ticket's first photo, or null while not ready. */
export function protectedThumbUrl(row: Pick<PhotoRow, 'id' | 'privacy_status' | 'privacy_version'> | null | undefined): string | null {
  return row && row.privacy_status === 'ready' ? `${MEDIA_PREFIX}${thumbFileName(row.id)}?v=${row.privacy_version}` : null
}

export interface PhotoViewer {
  id: number
  role: UserRole
}

/** The uploader and staff see the original; everyone else (and nobody signed in) does not. */
export function canSeeOriginal(row: Pick<UploadRow, 'owner_id'>, viewer: PhotoViewer | null | undefined): viewer is PhotoViewer {
  return !!viewer && (viewer.role !== 'resident' || viewer.id === row.owner_id)
}

/** The original's URLs with a grant for `viewer` (who must be allowed: see canSeeOriginal). */
export function originalPhotoOf(row: PhotoRow, viewer: PhotoViewer, signer: MediaSigner, now: Date): Photo {
  const grant = `?grant=${signer.grant(row.id, viewer.id, now)}`
  return {
    id: row.id,
    url: ORIGINAL_MEDIA_PREFIX + imageFileName(row.id) + grant,
    thumbUrl: ORIGINAL_MEDIA_PREFIX + thumbFileName(row.id) + grant,
    width: row.width,
    height: row.height,
  }
}

/** The copy `viewer` gets: the original for its uploader and staff, else the protected one (or null). */
export function photoFor(
  row: PhotoRow & Pick<UploadRow, 'owner_id'>,
  viewer: PhotoViewer | null | undefined,
  signer: MediaSigner,
  now: Date,
): Photo | null {
  return canSeeOriginal(row, viewer) ? originalPhotoOf(row, viewer, signer, now) : protectedPhotoOf(row)
}

/** Writes the files, then the row; when the row cannot be written the files go again. */
export async function saveUpload(
  db: Kysely<Database>,
  storage: MediaStorage,
  input: { ownerId: number; photo: ProcessedPhoto; now: Date },
): Promise<UploadRow> {
  const id = newUploadId()
  const { photo } = input
  await storage.write(id, photo.image, photo.thumb)
  const row: UploadRow = {
    id,
    owner_id: input.ownerId,
    ticket_id: null,
    event_id: null,
    mime: 'image/jpeg',
    width: photo.width,
    height: photo.height,
    bytes: photo.image.length,
    thumb_bytes: photo.thumb.length,
    created_at: input.now.toISOString(),
    privacy_status: 'pending',
    privacy_attempts: 0,
    privacy_retry_at: null,
    privacy_error: null,
    privacy_version: 0,
    privacy_regions: null,
    privacy_manual: '[]',
  }
  try {
    await db.insertInto('uploads').values(row).execute()
  } catch (error) {
    await storage.remove(id)
    throw error
  }
  return row
}

/**
 * The rows among `ids` that `ownerId` uploaded and no ticket uses yet, in the order of `ids`
 * (duplicates once). An id missing from the answer is unknown, someone else's, or already attached.
 */
export async function findAttachable(db: Kysely<Database>, ownerId: number, ids: string[]): Promise<UploadRow[]> {
  const wanted = [...new Set(ids)]
  if (wanted.length === 0) return []
  const rows = await db
    .selectFrom('uploads')
    .selectAll()
    .where('id', 'in', wanted)
    .where('owner_id', '=', ownerId)
    .where('ticket_id', 'is', null)
    .execute()
  const byId = new Map(rows.map((row) => [row.id, row]))
  return wanted.flatMap((id) => byId.get(id) ?? [])
}

/**
 * Attaches still-unattached uploads to a ticket (and to one of its events for after-photos).
 * Pass the ticket transaction as `db`. Returns how many rows changed: fewer than `ids.length`
 * means another request (or the cleanup) got there first, so the caller should roll back.
 */
export function* attachUploadsSteps(db: Kysely<Database> | Transaction<Database>, ids: string[], ticketId: number, eventId: number | null): Steps<number> {
  const wanted = [...new Set(ids)]
  if (wanted.length === 0) return 0
  const result = yield* query(
    db.updateTable('uploads').set({ ticket_id: ticketId, event_id: eventId }).where('id', 'in', wanted).where('ticket_id', 'is', null),
  )
  return Number(result.numAffectedRows)
}

export function attachUploads(db: Kysely<Database> | Transaction<Database>, ids: string[], ticketId: number, eventId: number | null): Promise<number> {
  return runSteps(db, attachUploadsSteps(db, ids, ticketId, eventId))
}

/** Deletes uploads no ticket took within UNATTACHED_TTL_MS of `now`, rows and files; returns how many. */
export async function cleanupUnattached(db: Kysely<Database>, storage: MediaStorage, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - UNATTACHED_TTL_MS).toISOString()
  // Rows first, in one statement: a photo being attached right now either keeps its row or was never attachable.
  const gone = await db
    .deleteFrom('uploads')
    .where('ticket_id', 'is', null)
    .where('created_at', '<', cutoff)
    .returning('id')
    .execute()
  await Promise.all(gone.map(({ id }) => storage.remove(id)))
  return gone.length
}
