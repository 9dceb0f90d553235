/**
 * Uploaded photos as rows: storing a processed photo (files + row in one step), the helpers the
 * ticket service uses to attach photos, and the cleanup of photos nobody attached within a day.
 * File names and URLs are decided here only: `<id>.jpg` and `<id>_thumb.jpg`, served at /media/.
 */
import crypto from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Photo } from '@contract/uploads'
import type { Database, UploadRow } from '../db/schema'
import { DAY } from '../lib/clock'
import type { MediaStorage } from '../plugins/storage'
import type { ProcessedPhoto } from './photos'

export const MEDIA_PREFIX = '/media/'
/** Unattached uploads older than this are deleted with their files. */
export const UNATTACHED_TTL_MS = DAY

/** 16 random bytes, base64url: 22 characters, unguessable, safe in a file name and a URL. */
export function newUploadId(): string {
  return crypto.randomBytes(16).toString('base64url')
}

export function isUploadId(id: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(id)
}

export function imageFileName(id: string): string {
  return `${id}.jpg`
}

export function thumbFileName(id: string): string {
  return `${id}_thumb.jpg`
}

/** The contract's Photo for a row (URLs are paths; clients prefix the API origin). */
export function photoOf(row: UploadRow): Photo {
  return {
    id: row.id,
    url: MEDIA_PREFIX + imageFileName(row.id),
    thumbUrl: MEDIA_PREFIX + thumbFileName(row.id),
    width: row.width,
    height: row.height,
  }
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
export async function attachUploads(db: Kysely<Database>, ids: string[], ticketId: number, eventId: number | null): Promise<number> {
  const wanted = [...new Set(ids)]
  if (wanted.length === 0) return 0
  const result = await db
    .updateTable('uploads')
    .set({ ticket_id: ticketId, event_id: eventId })
    .where('id', 'in', wanted)
    .where('ticket_id', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
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
