/**
 * Signed grants for original photos. An `<img>` (WeChat's <Image>, a browser's <img>) cannot send
 * the bearer token, so the URL of an original carries a grant: the viewer's id, an expiry and an
 * HMAC over both and the upload id. The media route checks the grant AND, on every request, that
 * this user still may see the original (uploader or staff): a leaked URL stops working within
 * GRANT_TTL_MS, and for anyone whose role changed, at once. Expiries are rounded up to the hour so
 * a photo keeps one URL (and the app one cached entry) for an hour.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { HOUR } from '../../lib/clock'

export const GRANT_TTL_MS = 2 * HOUR

export interface MediaSigner {
  /** `<userId>.<expiry s>.<mac>` for one upload (its photo and thumbnail). */
  grant(uploadId: string, userId: number, now: Date): string
  /** The user id of a valid, unexpired grant for `uploadId`, or null. */
  verify(uploadId: string, grant: string, now: Date): number | null
}

export function createMediaSigner(key: Buffer): MediaSigner {
  const mac = (uploadId: string, userId: number, expiry: number) =>
    crypto.createHmac('sha256', key).update(`${uploadId}.${userId}.${expiry}`).digest('base64url').slice(0, 32)
  return {
    grant(uploadId, userId, now) {
      const expiry = Math.ceil((now.getTime() + GRANT_TTL_MS / 2) / HOUR) * (HOUR / 1000)
      return `${userId}.${expiry}.${mac(uploadId, userId, expiry)}`
    },
    verify(uploadId, grant, now) {
      const match = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(grant)
      if (!match) return null
      const userId = Number(match[1])
      const expiry = Number(match[2])
      if (expiry * 1000 < now.getTime()) return null
      const expected = Buffer.from(mac(uploadId, userId, expiry))
      const given = Buffer.from(match[3])
      return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? userId : null
    },
  }
}

/** The key kept in the data folder, so grants survive a restart; a fresh one for ':memory:'. */
export function loadSigningKey(dataDir: string): Buffer {
  if (dataDir === ':memory:') return crypto.randomBytes(32)
  const file = path.join(dataDir, 'media-signing.key')
  try {
    const key = fs.readFileSync(file)
    if (key.length === 32) return key
  } catch {
    // first start: write one below
  }
  const key = crypto.randomBytes(32)
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(file, key, { mode: 0o600 })
  return key
}
