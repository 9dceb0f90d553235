/**
 * Short-lived stream tokens for the resident's live stream. EventSource cannot send an
 * Authorization header, and the 30-day bearer token must not travel in a URL (URLs end up in
 * logs, proxies and browser history). So an authenticated POST gets a token that:
 * - only opens GET /api/events, for that one user (it is no bearer token: no other route takes it);
 * - lives STREAM_TOKEN_TTL_MS (60 s): enough to connect and for EventSource's own quick reconnects;
 *   after that the stream answers 401 and the app asks for a new one;
 * - is an HMAC of `userId.expiry` under a per-process random key: nothing stored, and a restart
 *   simply makes old tokens 401;
 * - travels as `?token=`, a name lib/log-redaction.ts redacts from every logged URL.
 */
import crypto from 'node:crypto'

export const STREAM_TOKEN_TTL_MS = 60_000

export class StreamTokens {
  private readonly key = crypto.randomBytes(32)

  issue(userId: number, now: Date): { token: string; expiresAt: string } {
    const expires = now.getTime() + STREAM_TOKEN_TTL_MS
    const body = `${userId}.${expires}`
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(expires).toISOString() }
  }

  /** The user id, or null for a forged, malformed or expired token. */
  verify(token: string, now: Date): number | null {
    const match = /^(\d{1,15})\.(\d{1,16})\.([\w-]{43})$/.exec(token)
    if (!match) return null
    const [, user, expires, signature] = match
    const expected = Buffer.from(this.sign(`${user}.${expires}`))
    const given = Buffer.from(signature)
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null
    if (Number(expires) <= now.getTime()) return null
    return Number(user)
  }

  private sign(body: string): string {
    return crypto.createHmac('sha256', this.key).update(body).digest('base64url')
  }
}
