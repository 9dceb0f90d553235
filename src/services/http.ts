/**
 * The app's only HTTP client, for JSON and for photo uploads alike: it signs in, renews the
 * session on a 401 and maps every failure. Per-domain files (categories.ts, report.ts, …) call it
 * and return typed data; pages never see axios responses. Every failure reaches callers as an
 * ApiError whose message is already Chinese.
 */
import Taro from '@tarojs/taro'
import axios, { AxiosHeaders, type AxiosError, type InternalAxiosRequestConfig } from 'axios'
import type { LoginResponse } from '@contract/auth'
import { ApiError, toApiError } from './apiError'
import { ensureSession } from './session'
import { taroAdapter } from './taroAdapter'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Public endpoints (categories, facilities, nearby…) go out without signing in first. */
    anonymous?: boolean
    /** Set on the one retry after a 401, so a second 401 is final. */
    retriedAfterLogin?: boolean
    /** Send a local file (weapp temp/saved path, H5 blob:/data: URL) as multipart instead of `data`. */
    upload?: { filePath: string; name: string; fileName?: string; onProgress?: (percent: number) => void; formData?: Record<string, string> }
  }
}

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

export const http = axios.create({
  baseURL: defaultApiBase(),
  adapter: taroAdapter,
  timeout: 15_000,
  headers: { Accept: 'application/json' },
})

const LOGIN_URL = '/auth/login'

async function exchangeCode(code: string): Promise<LoginResponse> {
  const { data } = await http.post<LoginResponse>(LOGIN_URL, { code }, { anonymous: true })
  return data
}

/** Signs in silently when needed (once for many callers) and sends the bearer token. */
http.interceptors.request.use(async (config: InternalAxiosRequestConfig) => {
  if (config.anonymous || config.url === LOGIN_URL) return config
  const session = await ensureSession(exchangeCode)
  config.headers = AxiosHeaders.from(config.headers).set('Authorization', `Bearer ${session.token}`)
  return config
})

/** A 401 means the token expired or was revoked: sign in again and retry the request once. */
http.interceptors.response.use(undefined, async (error: AxiosError) => {
  const config = error.config
  if (error.response?.status === 401 && config && !config.anonymous && !config.retriedAfterLogin) {
    try {
      await ensureSession(exchangeCode, { renew: true })
      return await http.request({ ...config, retriedAfterLogin: true })
    } catch (retryError) {
      return Promise.reject(toApiError(retryError))
    }
  }
  return Promise.reject(toApiError(error))
})

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
