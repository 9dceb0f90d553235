/**
 * The pieces every weapp harness needs on top of simulate.ts (which forwards wx.request to the
 * backend): answering a wx call the way WeChat does (later, success then complete), storage that
 * keeps what is set (the simulator's keeps nothing), a development login, and multipart bodies
 * for uploads (jsdom has no FormData/Request to encode them).
 */
export type WxCallbacks<T = unknown> = { success?: (result: T) => void; fail?: (error: { errMsg: string }) => void; complete?: (result: unknown) => void }

export const wxGlobal = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx

/** Answers a wx call later, like WeChat: `success` then `complete`. */
export function succeedLater<T>(options: WxCallbacks<T>, result: T): void {
  setTimeout(() => {
    options.success?.(result)
    options.complete?.(result)
  }, 0)
}

/** `{ errMsg: '<name>:ok', ...extra }`, answered later. */
export function answerOk(name: string, options: WxCallbacks = {}, extra: Record<string, unknown> = {}): void {
  succeedLater(options, { errMsg: `${name}:ok`, ...extra })
}

/** Fails a wx call later: `fail` then `complete`. */
export function failLater(options: WxCallbacks, errMsg: string): void {
  setTimeout(() => {
    options.fail?.({ errMsg })
    options.complete?.({ errMsg })
  }, 0)
}

/** wx.getStorageSync & co. over a Map; `clone` stores copies, as WeChat serialises values. */
export function memoryStorage(storage = new Map<string, unknown>(), { clone = false } = {}) {
  const copy = (value: unknown) => (clone ? JSON.parse(JSON.stringify(value)) : value)
  return {
    storage,
    apis: {
      getStorageSync: (key: string) => (storage.has(key) ? copy(storage.get(key)) : ''),
      setStorageSync: (key: string, value: unknown) => void storage.set(key, copy(value)),
      removeStorageSync: (key: string) => void storage.delete(key),
    },
  }
}

/** wx.login giving a fixed development code, so the app signs in as a user the test knows. */
export const devLogin = (code: string) => (options: WxCallbacks) => answerOk('login', options, { code })

/**
 * The backend sniffs uploads with file-type, which checks `instanceof Uint8Array` against the
 * realm's global: jsdom's, not the one Node's Buffers are made with. Node's own goes in its place.
 */
export function useNodeByteArrays(): void {
  const nodeUint8Array = Object.getPrototypeOf(Buffer.prototype).constructor as typeof Uint8Array
  if (globalThis.Uint8Array !== nodeUint8Array) Object.assign(globalThis, { Uint8Array: nodeUint8Array, ArrayBuffer: Buffer.alloc(0).buffer.constructor })
}

/** One JPEG under `field` (after its text fields) as multipart/form-data, the way WeChat sends it. */
export function multipartPhoto(field: string, bytes: Buffer, formData: Record<string, string> = {}) {
  const boundary = `----wxupload${Date.now().toString(16)}`
  const fields = Object.entries(formData).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
  const head = `${fields.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`
  return {
    payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}
