/**
 * The privacy step of the photo pipeline (#20), after processPhoto (auto-rotate, shrink, no EXIF)
 * stored the original and before any public copy exists: detect faces and plates, blur them with
 * the boxes staff marked, write the protected copy and mark the row 'ready'. A failure (model
 * error, time-out) leaves the row 'pending' with a retry time, so the photo is never public
 * until a later attempt succeeds. Separate from other pipeline steps (e.g. a watermark) on purpose.
 */
import fs from 'node:fs'
import type { Kysely } from 'kysely'
import type { Database, UploadRow } from '../../db/schema'
import { HOUR } from '../../lib/clock'
import type { MediaStorage } from '../media-storage'
import type { PrivacyDetector } from './detector'
import type { Box, Region } from './geometry'
import { protectPhoto } from './redact'

/** Wait before attempt n+1 after n failures: 30 s, 1 min, 2 min … at most an hour. */
export function retryDelayMs(failures: number): number {
  return Math.min(HOUR, 30_000 * 2 ** Math.max(0, failures - 1))
}

export function regionsOf(json: string | null): Region[] {
  if (!json) return []
  try {
    const parsed: unknown = JSON.parse(json)
    return Array.isArray(parsed) ? (parsed as Region[]) : []
  } catch {
    return []
  }
}

const rounded = (regions: Region[]) =>
  JSON.stringify(regions.map((r) => ({ kind: r.kind, x1: Math.round(r.x1), y1: Math.round(r.y1), x2: Math.round(r.x2), y2: Math.round(r.y2), score: Math.round(r.score * 1000) / 1000 })))

export interface PrivacyContext {
  db: Kysely<Database>
  storage: MediaStorage
  detector: PrivacyDetector
  now: () => Date
}

export type ProtectOutcome = { status: 'ready'; regions: Region[]; ms: number } | { status: 'retry'; error: string; retryAt: string } | { status: 'gone' }

async function writeCopy(ctx: PrivacyContext, row: UploadRow, detected: Region[]): Promise<number> {
  const original = await fs.promises.readFile(ctx.storage.filesOf(row.id).image)
  const copy = await protectPhoto(original, [...detected, ...regionsOf(row.privacy_manual)])
  await ctx.storage.writeProtected(row.id, copy.image, copy.thumb)
  return row.privacy_version + 1
}

/** Detects, blurs and publishes one upload's protected copy; records a failure for a retry. */
export async function protectUpload(ctx: PrivacyContext, id: string): Promise<ProtectOutcome> {
  const row = await ctx.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return { status: 'gone' }
  const started = performance.now()
  try {
    const original = await fs.promises.readFile(ctx.storage.filesOf(id).image)
    const detection = await ctx.detector.detect(original)
    // Re-read: a staff box may have arrived while the models ran.
    const fresh = (await ctx.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()) ?? row
    const version = await writeCopy(ctx, fresh, detection.regions)
    await ctx.db
      .updateTable('uploads')
      .set({
        privacy_status: 'ready',
        privacy_version: version,
        privacy_regions: rounded(detection.regions),
        privacy_attempts: fresh.privacy_attempts + 1,
        privacy_error: null,
        privacy_retry_at: null,
      })
      .where('id', '=', id)
      .execute()
    return { status: 'ready', regions: detection.regions, ms: performance.now() - started }
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 300)
    const failures = row.privacy_attempts + 1
    const retryAt = new Date(ctx.now().getTime() + retryDelayMs(failures)).toISOString()
    await ctx.db
      .updateTable('uploads')
      .set({ privacy_status: 'pending', privacy_attempts: failures, privacy_error: message, privacy_retry_at: retryAt })
      .where('id', '=', id)
      .execute()
    return { status: 'retry', error: message, retryAt }
  }
}

/** Ids due for (another) attempt at `now`, oldest first. */
export async function dueUploads(db: Kysely<Database>, now: Date, limit = 20): Promise<string[]> {
  const rows = await db
    .selectFrom('uploads')
    .select('id')
    .where('privacy_status', '=', 'pending')
    .where((eb) => eb.or([eb('privacy_retry_at', 'is', null), eb('privacy_retry_at', '<=', now.toISOString())]))
    .orderBy('created_at')
    .limit(limit)
    .execute()
  return rows.map((row) => row.id)
}

/**
 * A staff box over something the detector missed. Stored with the row; when the protected copy
 * exists already it is written again at once (no detection: the stored regions are reused) under
 * a new version, so its URL changes and no cache keeps the old one.
 */
export async function addManualRegion(ctx: PrivacyContext, id: string, box: Box): Promise<{ regions: Region[]; version: number } | null> {
  // Read inside the privacy queue (the caller's turn): a detection may have finished meanwhile.
  const row = await ctx.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return null
  const manual = [...regionsOf(row.privacy_manual), { kind: 'manual' as const, score: 1, ...box }]
  const updated = { ...row, privacy_manual: rounded(manual) }
  let version = row.privacy_version
  if (row.privacy_status === 'ready') version = await writeCopy(ctx, updated, regionsOf(row.privacy_regions))
  await ctx.db.updateTable('uploads').set({ privacy_manual: updated.privacy_manual, privacy_version: version }).where('id', '=', row.id).execute()
  return { regions: regionsOf(updated.privacy_manual), version }
}

export const SWEEP_INTERVAL_MS = 30_000
