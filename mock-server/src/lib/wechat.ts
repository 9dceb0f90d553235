/**
 * code2Session: turns a wx.login code into an openid. The real client asks WeChat (the app
 * secret never leaves the server); the development fake needs no network and is deterministic.
 */
import crypto from 'node:crypto'
import { ApiError } from './api-error'

export interface Code2SessionClient {
  readonly kind: 'wechat' | 'development'
  exchange(code: string): Promise<{ openid: string }>
}

export class WeChatCode2Session implements Code2SessionClient {
  readonly kind = 'wechat'
  constructor(
    private readonly appId: string,
    private readonly secret: string,
    /** WeChat's API origin (WX_API_BASE); tests point it at a fake. */
    private readonly apiBase = 'https://api.weixin.qq.com',
  ) {}

  async exchange(code: string): Promise<{ openid: string }> {
    const url = new URL(`${this.apiBase}/sns/jscode2session`)
    url.search = new URLSearchParams({ appid: this.appId, secret: this.secret, js_code: code, grant_type: 'authorization_code' }).toString()
    let body: { openid?: string; errcode?: number; errmsg?: string }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
      body = (await res.json()) as typeof body
    } catch (error) {
      throw new ApiError(502, 'INTERNAL', `code2Session unreachable: ${(error as Error).message}`)
    }
    // 40029: invalid code, 40163: code already used; both mean the client should log in again.
    if (!body.openid) throw new ApiError(401, 'UNAUTHORIZED', `WeChat refused the code (${body.errcode}: ${body.errmsg})`)
    return { openid: body.openid }
  }
}

/**
 * Development fake: `dev:<name>` is the user `<name>` (tests, H5, seeded staff); any other code
 * maps to a stable openid derived from it, so the same code always gives the same user.
 */
export class DevelopmentCode2Session implements Code2SessionClient {
  readonly kind = 'development'
  async exchange(code: string): Promise<{ openid: string }> {
    if (code.startsWith('dev:')) {
      const name = code.slice(4)
      if (!/^[\w.-]{1,64}$/.test(name)) throw ApiError.invalidField('body.code', 'dev:<name> takes letters, digits, _ . - only')
      return { openid: `dev:${name}` }
    }
    return { openid: `dev-hash:${crypto.createHash('sha256').update(code).digest('hex').slice(0, 24)}` }
  }
}

export function createCode2Session(appId?: string, secret?: string, apiBase?: string): Code2SessionClient {
  return appId && secret ? new WeChatCode2Session(appId, secret, apiBase) : new DevelopmentCode2Session()
}
