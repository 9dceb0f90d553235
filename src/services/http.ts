/**
 * The app's only HTTP client. Per-domain files (categories.ts, health.ts, …) call it and return
 * typed data; pages never see axios responses. Every failure reaches callers as an ApiError
 * whose message is already Chinese.
 */
import Taro from '@tarojs/taro'
import axios from 'axios'
import { ApiError, toApiError } from './apiError'
import { taroAdapter } from './taroAdapter'

/**
 * TARO_APP_API_BASE (from .env*) wins. Otherwise H5 is served by the backend itself, so a
 * relative '/api' works; the mini-program needs an absolute URL (the local backend while developing).
 */
export function defaultApiBase(): string {
  const fromEnv = process.env.TARO_APP_API_BASE
  if (fromEnv) return fromEnv
  return process.env.TARO_ENV === 'h5' ? '/api' : 'http://127.0.0.1:3000/api'
}

export const http = axios.create({
  baseURL: defaultApiBase(),
  adapter: taroAdapter,
  timeout: 15_000,
  headers: { Accept: 'application/json' },
})

http.interceptors.response.use(undefined, (error: unknown) => Promise.reject(toApiError(error)))

/** Shows the Chinese message of any error as a toast; aborted requests stay silent. */
export function showError(error: unknown): void {
  const apiError = toApiError(error)
  if (apiError.code === 'CANCELED') return
  Taro.showToast({ title: apiError.message, icon: 'none', duration: 2500 })
}

export { ApiError }
