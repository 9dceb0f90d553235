/**
 * The app's only HTTP client, for JSON and for photo uploads alike: it signs in, renews the
 * session on a 401 and maps every failure. Per-domain files (categories.ts, report.ts, …) call it
 * and return typed data; pages never see the transport's responses (httpClient.ts). Every failure
 * reaches callers as an ApiError whose message is already Chinese.
 */
import Taro from '@tarojs/taro'
import type { LoginResponse } from '@contract/auth'
import { ApiError, toApiError } from './apiError'
import { ensureSession } from './session'
import { HttpError, send, type HttpResponse, type RequestConfig, type RequestOptions } from './httpClient'

/**
 * TARO_APP_API_BASE (from .env*) wins. Otherwise H5 is served by the backend itself, so a
 * relative '/api' works; the mini-program needs an absolute URL (the local backend while developing).
 */
export function defaultApiBase(): string {
  const fromEnv = process.env.TARO_APP_API_BASE
  if (fromEnv) return fromEnv
  return process.env.TARO_ENV === 'h5' ? '/api' : 'http://127.0.0.1:3000/api'
}

/**
 * Photo and thumbnail URLs are paths beside the API ('/media/…' next to '/api'): on H5 the app is
 * served by the backend (relative base, so the path stays relative), on weapp the API base is
 * absolute and its root is prepended. Absolute, data: and blob: URLs are used as they are.
 */
export function mediaUrl(path: string): string {
  if (/^(https?:|data:|blob:)/.test(path)) return path
  return defaultApiBase().replace(/\/api\/?$/, '') + path
}

const LOGIN_URL = '/auth/login'

async function exchangeCode(code: string): Promise<LoginResponse> {
  const { data } = await http.post<LoginResponse>(LOGIN_URL, { code }, { anonymous: true })
  return data
}

/**
 * Signs in silently when needed (once for many callers) and sends the bearer token. A 401 means
 * the token expired or was revoked: sign in again and retry the request once.
 */
async function request<T>(config: RequestConfig): Promise<HttpResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...config.headers }
  try {
    if (!config.anonymous && config.url !== LOGIN_URL) {
      const session = await ensureSession(exchangeCode)
      headers.Authorization = `Bearer ${session.token}`
    }
    return await send<T>({ baseURL: defaultApiBase(), timeout: 15_000, ...config, headers })
  } catch (error) {
    if (error instanceof HttpError && error.response?.status === 401 && !config.anonymous && !config.retriedAfterLogin) {
      try {
        await ensureSession(exchangeCode, { renew: true })
        return await request<T>({ ...config, retriedAfterLogin: true })
      } catch (retryError) {
        throw toApiError(retryError)
      }
    }
    throw toApiError(error)
  }
}

export const http = {
  request,
  get: <T = unknown>(url: string, options: RequestOptions = {}) => request<T>({ ...options, url, method: 'GET' }),
  post: <T = unknown>(url: string, data?: unknown, options: RequestOptions = {}) => request<T>({ ...options, url, method: 'POST', data }),
}

/** Signs in at launch so the first real request does not wait for it. */
export function signInSilently(): Promise<unknown> {
  return ensureSession(exchangeCode).catch(() => undefined)
}

/** Shows the Chinese message of any error as a toast; aborted requests stay silent. */
export function showError(error: unknown): void {
  const apiError = toApiError(error)
  if (apiError.code === 'CANCELED') return
  Taro.showToast({ title: apiError.message, icon: 'none', duration: 2500 })
}

export { ApiError }
