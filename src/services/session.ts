/**
 * The resident's session, signed in silently: on weapp a `Taro.login` code, on H5 a development
 * code made once per browser and kept in storage (so the same browser is the same resident).
 * The token lives in storage and survives restarts; concurrent callers share one login.
 */
import Taro from '@tarojs/taro'
import type { LoginResponse, User } from '@contract/auth'

const SESSION_KEY = 'ybs.session'
const DEV_CODE_KEY = 'ybs.devCode'

export interface StoredSession {
  token: string
  expiresAt: string
  user: User
}

export function storedSession(): StoredSession | null {
  const value = Taro.getStorageSync(SESSION_KEY) as StoredSession | ''
  if (!value || !value.token) return null
  return Date.parse(value.expiresAt) > Date.now() ? value : null
}

/** Keeps a session the server answered (a login, or binding this account to a worker). */
export function saveSession(session: StoredSession): void {
  Taro.setStorageSync(SESSION_KEY, session)
}

export function clearSession(): void {
  Taro.removeStorageSync(SESSION_KEY)
}

/** The code for POST /auth/login: WeChat's on weapp, a stable per-browser dev code elsewhere. */
export async function loginCode(): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') {
    const { code } = await Taro.login()
    return code
  }
  let devCode = Taro.getStorageSync(DEV_CODE_KEY) as string
  if (!devCode) {
    devCode = `dev:h5-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`
    Taro.setStorageSync(DEV_CODE_KEY, devCode)
  }
  return devCode
}

type Exchange = (code: string) => Promise<LoginResponse>
let pending: Promise<StoredSession> | null = null

/**
 * A valid session: the stored one, or a new login. `exchange` posts the code (it is passed in so
 * this module does not import the HTTP client that imports it).
 */
export function ensureSession(exchange: Exchange, { renew = false } = {}): Promise<StoredSession> {
  const current = renew ? null : storedSession()
  if (current) return Promise.resolve(current)
  if (!pending) {
    if (renew) clearSession()
    pending = loginCode()
      .then(exchange)
      .then((session) => {
        saveSession(session)
        return session
      })
      .finally(() => {
        pending = null
      })
  }
  return pending
}
