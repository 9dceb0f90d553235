/**
 * The console's one HTTP client: same-origin fetch with the session cookie (HttpOnly, set by
 * POST /api/console/login), the CSRF header on every request that changes something, JSON in and
 * out, and one error type carrying the backend's machine code and a Chinese message.
 */
import { CSRF_HEADER } from '@contract/console-session'
import { errorMessageZh } from '@contract/errors'

export { CSRF_HEADER }
export const API_BASE = '/api'

let csrfToken: string | null = null
export function setCsrfToken(token: string | null) {
  csrfToken = token
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message)
  }
}

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>

export function queryString(query: Query = {}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => params.append(key, v))
    else params.set(key, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** The contract's Chinese messages, with the few that read differently for staff in a browser. */
const CONSOLE_MESSAGES: Record<string, string> = {
  UNAUTHORIZED: '未登录或登录已过期，请重新登录',
  CONFLICT: '工单已被他人更新，已为您刷新为最新状态',
  INVALID_TRANSITION: '工单当前状态不支持此操作，已为您刷新为最新状态',
}

function messageFor(status: number, code: string): string {
  return CONSOLE_MESSAGES[code] ?? errorMessageZh(code, status)
}

export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken
  let res: Response
  try {
    res = await fetch(`${API_BASE}${url}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiFailure(0, 'NETWORK', '网络连接失败，请检查网络')
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown = undefined
  try {
    data = text ? JSON.parse(text) : undefined
  } catch {
    data = undefined
  }
  if (!res.ok) {
    const err = (data ?? {}) as { code?: string; message?: string; details?: { field: string; message: string }[] }
    const code = err.code ?? `HTTP_${res.status}`
    if (res.status === 401) window.dispatchEvent(new CustomEvent('console:signed-out'))
    throw new ApiFailure(res.status, code, messageFor(res.status, code), err.details)
  }
  return data as T
}

export const get = <T>(url: string, query?: Query) => request<T>('GET', `${url}${queryString(query)}`)
export const post = <T>(url: string, body: unknown = {}) => request<T>('POST', url, body)

/** Downloads a CSV (or any file) the server answers, under the name it suggests. */
export async function download(url: string, query: Query, fallbackName: string): Promise<string> {
  const res = await fetch(`${API_BASE}${url}${queryString(query)}`, { credentials: 'same-origin' })
  if (!res.ok) throw new ApiFailure(res.status, `HTTP_${res.status}`, messageFor(res.status, ''))
  const disposition = res.headers.get('content-disposition') ?? ''
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition)
  const name = match ? decodeURIComponent(match[1] ?? match[2]) : fallbackName
  const blob = await res.blob()
  const href = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = href
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
  return name
}
