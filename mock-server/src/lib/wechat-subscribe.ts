/**
 * WeChat's server API for subscribe messages (服务通知): an access token from `stable_token`,
 * cached and refreshed before it expires, and `message/subscribe/send`. The sender loop
 * (services/notifications/sender.ts) talks to the SubscribeMessageApi interface only; tests run
 * this real client against a fake WeChat (tests/helpers/fake-wechat.ts) through WX_API_BASE.
 */
import type { Clock } from './clock'

export interface SubscribeMessage {
  touser: string
  template_id: string
  page: string
  data: Record<string, { value: string }>
  miniprogram_state?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN'
}

/** What the sender does next with a message. */
export type SendOutcome =
  | { kind: 'sent' }
  /** Nothing reached WeChat or WeChat failed on its side (network, 5xx, busy): try again later. */
  | { kind: 'retry'; error: string; errcode?: number }
  /** WeChat answered no for good: the user refused (43101), a bad field (47003), anything else. */
  | { kind: 'give_up'; reason: 'refused' | 'bad_field' | 'rejected_by_wechat'; errcode: number; error: string }
  /** The caller's signal stopped the call (shutdown): the message may or may not have arrived. */
  | { kind: 'aborted' }

export interface SubscribeMessageApi {
  send(message: SubscribeMessage, signal?: AbortSignal): Promise<SendOutcome>
}

/** errcodes that mean "this access token is not (or no longer) valid". */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001])
/** errcodes worth trying again later: -1 system busy, 45009 daily API quota, 45011 rate limit. */
export const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45011])

/** Maps one answer of subscribe/send to what to do (pure; token errors are handled by the client). */
export function classifySendAnswer(status: number, body: { errcode?: number; errmsg?: string } | null): SendOutcome {
  if (status >= 500) return { kind: 'retry', error: `HTTP ${status}` }
  if (!body || typeof body.errcode !== 'number') {
    return status >= 200 && status < 300 && body ? { kind: 'sent' } : { kind: 'retry', error: `HTTP ${status} without a WeChat answer` }
  }
  const { errcode, errmsg = '' } = body
  if (errcode === 0) return { kind: 'sent' }
  const error = `${errcode}: ${errmsg}`
  if (TRANSIENT_ERRCODES.has(errcode) || TOKEN_ERRCODES.has(errcode)) return { kind: 'retry', error, errcode }
  if (errcode === 43101) return { kind: 'give_up', reason: 'refused', errcode, error }
  if (errcode === 47003) return { kind: 'give_up', reason: 'bad_field', errcode, error }
  return { kind: 'give_up', reason: 'rejected_by_wechat', errcode, error }
}

/** Refresh this long before WeChat's expiry (tokens live 7200 s), so no call uses a dying token. */
export const TOKEN_REFRESH_EARLY_MS = 5 * 60_000

interface CachedToken {
  value: string
  refreshAt: number
}

export interface WeChatSubscribeOptions {
  appId: string
  secret: string
  apiBase: string
  clock: Clock
  timeoutMs?: number
  miniprogramState?: SubscribeMessage['miniprogram_state']
}

class TokenError extends Error {}

export class WeChatSubscribeApi implements SubscribeMessageApi {
  private token: CachedToken | null = null
  private inFlight: Promise<string> | null = null
  private readonly timeoutMs: number

  constructor(private readonly options: WeChatSubscribeOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000
  }

  /** The cached token, or a new one when there is none or it is close to expiry (one request for many callers). */
  async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.options.clock.now().getTime() < this.token.refreshAt) return this.token.value
    return this.fetchToken(false, signal)
  }

  /** WeChat said `rejected` is invalid: get another one, forcing a new one if WeChat hands back the same. */
  async replaceToken(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.value !== rejected) return this.token.value // someone already replaced it
    this.token = null
    const next = await this.fetchToken(false, signal)
    return next === rejected ? this.fetchToken(true, signal) : next
  }

  private fetchToken(forceRefresh: boolean, signal?: AbortSignal): Promise<string> {
    if (this.inFlight && !forceRefresh) return this.inFlight
    const request = this.requestToken(forceRefresh, signal).finally(() => {
      if (this.inFlight === request) this.inFlight = null
    })
    this.inFlight = request
    return request
  }

  private async requestToken(forceRefresh: boolean, signal?: AbortSignal): Promise<string> {
    const { appId, secret, apiBase, clock } = this.options
    const res = await fetch(`${apiBase}/cgi-bin/stable_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret, force_refresh: forceRefresh }),
      signal: this.signal(signal),
    })
    const body = (await res.json().catch(() => null)) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string } | null
    if (!res.ok || !body?.access_token) {
      throw new TokenError(`stable_token failed: HTTP ${res.status}${body?.errcode ? ` ${body.errcode}: ${body.errmsg}` : ''}`)
    }
    const lifetimeMs = (body.expires_in ?? 7200) * 1000
    const refreshIn = Math.max(lifetimeMs / 2, lifetimeMs - TOKEN_REFRESH_EARLY_MS)
    this.token = { value: body.access_token, refreshAt: clock.now().getTime() + refreshIn }
    return body.access_token
  }

  private signal(outer?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs)
    return outer ? AbortSignal.any([outer, timeout]) : timeout
  }

  async send(message: SubscribeMessage, signal?: AbortSignal): Promise<SendOutcome> {
    const payload = { miniprogram_state: this.options.miniprogramState ?? 'formal', lang: 'zh_CN' as const, ...message }
    try {
      let token = await this.accessToken(signal)
      let outcome = await this.post(token, payload, signal)
      // An expired or revoked token (40001/42001): a fresh token and one immediate retry.
      if (outcome.kind === 'retry' && outcome.errcode !== undefined && TOKEN_ERRCODES.has(outcome.errcode)) {
        token = await this.replaceToken(token, signal)
        outcome = await this.post(token, payload, signal)
      }
      return outcome
    } catch (error) {
      if (signal?.aborted) return { kind: 'aborted' }
      const err = error as Error & { cause?: { code?: string } }
      if (err instanceof TokenError) return { kind: 'retry', error: err.message }
      return { kind: 'retry', error: `network: ${err.name === 'TimeoutError' ? 'timeout' : (err.cause?.code ?? err.message)}` }
    }
  }

  private async post(token: string, payload: SubscribeMessage, signal?: AbortSignal): Promise<SendOutcome> {
    const res = await fetch(`${this.options.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: this.signal(signal),
    })
    const body = (await res.json().catch(() => null)) as { errcode?: number; errmsg?: string } | null
    return classifySendAnswer(res.status, body)
  }
}
