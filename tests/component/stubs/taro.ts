/**
 * A stand-in for @tarojs/taro in jsdom. Taro.request is driven by the test through
 * `mockRequest(handler)`: the handler gets the request options and returns the
 * `{ statusCode, data, header }` Taro would resolve with, or throws `{ errMsg }` to fail it.
 * Like the real thing, the returned promise carries `abort()`, which fails it with 'request:fail abort'.
 */
import { useEffect, useRef } from 'react'
export interface FakeRequestOptions {
  url: string
  method?: string
  header?: Record<string, string>
  data?: unknown
  timeout?: number
  dataType?: string
  responseType?: string
}
export interface FakeResponse {
  statusCode: number
  data: unknown
  header?: Record<string, string>
}
type Handler = (options: FakeRequestOptions) => FakeResponse | Promise<FakeResponse>

let handler: Handler = () => {
  throw { errMsg: 'request:fail no mockRequest handler' }
}

/** Sets how the next requests answer; returns the jest mock to inspect calls. */
export function mockRequest(next: Handler) {
  handler = next
  return request
}

/** A JSON answer as WeChat gives it with dataType 'text': the body as a string. */
export function jsonResponse(statusCode: number, body: unknown): FakeResponse {
  return { statusCode, data: JSON.stringify(body), header: { 'content-type': 'application/json; charset=utf-8' } }
}

export const request = jest.fn((options: FakeRequestOptions) => {
  let abortTask: () => void = () => undefined
  const task = new Promise<FakeResponse & { errMsg: string }>((resolve, reject) => {
    abortTask = () => reject({ errMsg: 'request:fail abort' })
    Promise.resolve()
      .then(() => handler(options))
      .then((response) => resolve({ header: {}, ...response, errMsg: 'request:ok' }), reject)
  })
  return Object.assign(task, { abort: jest.fn(() => abortTask()) })
})

export interface FakeUploadOptions {
  url: string
  filePath: string
  name: string
  fileName?: string
  header?: Record<string, string>
  timeout?: number
}

/**
 * Taro.uploadFile answers through the same handler as Taro.request (tell them apart by the URL or
 * `filePath`); like WeChat, its `data` is the body as text and progress arrives before the answer.
 */
export const uploadFile = jest.fn((options: FakeUploadOptions) => {
  const progress: ((update: { progress: number }) => void)[] = []
  let abortTask: () => void = () => undefined
  const task = new Promise<FakeResponse & { errMsg: string }>((resolve, reject) => {
    abortTask = () => reject({ errMsg: 'uploadFile:fail abort' })
    Promise.resolve()
      .then(() => handler(options as FakeRequestOptions))
      .then((response) => {
        progress.forEach((listener) => listener({ progress: 100 }))
        resolve({ ...response, errMsg: 'uploadFile:ok' })
      }, reject)
  })
  return Object.assign(task, {
    abort: jest.fn(() => abortTask()),
    onProgressUpdate: (listener: (update: { progress: number }) => void) => void progress.push(listener),
  })
})

export const showToast = jest.fn(() => Promise.resolve())
export const switchTab = jest.fn(() => Promise.resolve())
export const navigateTo = jest.fn(() => Promise.resolve())
export const getAppBaseInfo = jest.fn(() => ({ fontSizeScaleFactor: 1, fontSizeSetting: 16 }))
const storage = new Map<string, unknown>()
export const getStorageSync = jest.fn((key: string) => storage.get(key) ?? '')
export const setStorageSync = jest.fn((key: string, value: unknown) => void storage.set(key, value))
export const removeStorageSync = jest.fn((key: string) => void storage.delete(key))
export const getEnv = () => 'WEB'
export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB' }

/* ---- Page lifecycle hooks and the APIs of 我的工单 (added for the ticket pages) ---- */
// Handlers registered by the rendered pages; tests fire them with `firePageEvent('pullDownRefresh')`.
type PageEvent = 'didShow' | 'didHide' | 'pullDownRefresh' | 'reachBottom' | 'unload'
const pageHandlers = new Map<PageEvent, Set<() => void>>()

function usePageEvent(event: PageEvent, callback: () => void) {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => {
    const handler = () => latest.current()
    const handlers = pageHandlers.get(event) ?? new Set()
    handlers.add(handler)
    pageHandlers.set(event, handlers)
    return () => void handlers.delete(handler)
  }, [event])
}

/** Runs what the rendered pages registered for `event`, like WeChat would. */
export function firePageEvent(event: PageEvent) {
  for (const handler of [...(pageHandlers.get(event) ?? [])]) handler()
}

/** Like Taro: the first show happens right after the page mounts. */
export function useDidShow(callback: () => void) {
  usePageEvent('didShow', callback)
  const first = useRef(callback)
  useEffect(() => first.current(), [])
}
export const useDidHide = (callback: () => void) => usePageEvent('didHide', callback)
export const usePullDownRefresh = (callback: () => void) => usePageEvent('pullDownRefresh', callback)
export const useReachBottom = (callback: () => void) => usePageEvent('reachBottom', callback)
export const useUnload = (callback: () => void) => usePageEvent('unload', callback)

let routerParams: Record<string, string> = {}
/** The query the next page reads through useRouter(), e.g. `setRouterParams({ id: '7' })`. */
export function setRouterParams(params: Record<string, string>) {
  routerParams = params
}
export const useRouter = () => ({ params: routerParams, path: '' })

export const stopPullDownRefresh = jest.fn(() => Promise.resolve())
export const setTabBarBadge = jest.fn(() => Promise.resolve())
export const removeTabBarBadge = jest.fn(() => Promise.resolve())
export const previewImage = jest.fn(() => Promise.resolve())

const Taro = {
  request,
  uploadFile,
  showToast,
  switchTab,
  navigateTo,
  getAppBaseInfo,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  getEnv,
  ENV_TYPE,
  stopPullDownRefresh,
  setTabBarBadge,
  removeTabBarBadge,
  previewImage,
}
export default Taro
