/**
 * The transport under http.ts: one request over Taro.request (JSON) or Taro.uploadFile (a local
 * file as multipart), on weapp and H5 alike (Taro.request uses fetch there).
 *
 * It replaced axios and our axios adapter (#19): the app used only get/post, query parameters,
 * headers, timeouts, an AbortSignal and one retry after a 401, and axios cost ~40 KB of the
 * weapp main package. What it keeps from axios, so callers and URLs did not change:
 * - the query string is built as axios did (undefined/null skipped, space as '+', `:$,[]` kept);
 * - an object body is sent as JSON; the answer is parsed as JSON when it is JSON, else kept as text;
 * - `validateStatus` (default 2xx) decides resolve vs reject, the answer attached to the error;
 * - failures without an HTTP answer are ERR_NETWORK, timeouts ECONNABORTED, aborts ERR_CANCELED.
 */
import Taro from '@tarojs/taro'
import { HttpError, type HttpResponse, type RequestConfig } from './httpError'

export * from './httpError'

/** axios's buildURL encoding, so query strings stay what the backend and tests saw before. */
function encode(value: string): string {
  return encodeURIComponent(value)
    .replace(/%3A/gi, ':')
    .replace(/%24/g, '$')
    .replace(/%2C/gi, ',')
    .replace(/%20/g, '+')
    .replace(/%5B/gi, '[')
    .replace(/%5D/gi, ']')
}

export function requestUrl({ baseURL, url, params }: Pick<RequestConfig, 'baseURL' | 'url' | 'params'>): string {
  const full = baseURL && !/^([a-z][a-z\d+\-.]*:)?\/\//i.test(url) ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : url
  const query = Object.entries(params ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([key, value]) => `${encode(key)}=${encode(String(value))}`)
    .join('&')
  if (!query) return full
  const [path] = full.split('#')
  return `${path}${path.includes('?') ? '&' : '?'}${query}`
}

/** Taro.request reports failures as `{ errMsg: 'request:fail …' }`. */
function failureMessage(failure: unknown): string {
  const errMsg = (failure as { errMsg?: unknown } | null)?.errMsg
  return typeof errMsg === 'string' ? errMsg : String(failure)
}

/** JSON when it parses, otherwise the text as it came (a proxy's HTML page, an empty 204). */
function parseAnswer(data: unknown): unknown {
  if (typeof data !== 'string' || !data.trim()) return data
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

const isOk = (status: number) => status >= 200 && status < 300

type Task = Promise<{ data: unknown; statusCode: number; header?: unknown }> & { abort?: () => void }

function startTask(config: RequestConfig, url: string, headers: Record<string, string>): Task {
  const timeout = config.timeout ? { timeout: config.timeout } : {}
  const { upload } = config
  if (upload) {
    // Taro sets the multipart content type (with its boundary) itself.
    delete headers['Content-Type']
    const task = Taro.uploadFile({ url, filePath: upload.filePath, name: upload.name, fileName: upload.fileName, formData: upload.formData, header: headers, ...timeout })
    const { onProgress } = upload
    if (onProgress) task.onProgressUpdate?.(({ progress }) => onProgress(progress))
    return task
  }
  let body = config.data
  if (body !== undefined && body !== null && typeof body === 'object' && !(body instanceof ArrayBuffer)) {
    body = JSON.stringify(body)
    headers['Content-Type'] ??= 'application/json'
  }
  return Taro.request({
    url,
    method: config.method ?? 'GET',
    header: headers,
    data: body,
    ...timeout,
    // Parsed here (see parseAnswer), so a non-JSON answer never fails inside Taro.
    dataType: 'text',
    responseType: 'text',
  })
}

/** Sends one request; resolves with the answer or rejects with an HttpError. */
export function send<T = unknown>(config: RequestConfig): Promise<HttpResponse<T>> {
  return new Promise<HttpResponse<T>>((resolve, reject) => {
    const { signal } = config
    const canceled = () => new HttpError('canceled', 'ERR_CANCELED', config)
    if (signal?.aborted) return reject(canceled())

    const task = startTask(config, requestUrl(config), { ...config.headers })

    // Exactly one outcome wins: the answer, the failure or the abort (Taro also fails an aborted task).
    let finished = false
    const finish = (outcome: () => void) => {
      if (finished) return
      finished = true
      signal?.removeEventListener?.('abort', onAbort)
      outcome()
    }
    const onAbort = () =>
      finish(() => {
        task.abort?.()
        reject(canceled())
      })
    signal?.addEventListener?.('abort', onAbort)

    task.then(
      (result) =>
        finish(() => {
          const response: HttpResponse<T> = {
            data: parseAnswer(result.data) as T,
            status: result.statusCode,
            headers: (result.header ?? {}) as Record<string, string>,
            config,
          }
          if ((config.validateStatus ?? isOk)(response.status)) return resolve(response)
          const code = response.status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST'
          reject(new HttpError(`Request failed with status code ${response.status}`, code, config, response))
        }),
      (failure: unknown) =>
        finish(() => {
          const message = failureMessage(failure)
          const timedOut = /time ?out/i.test(message)
          reject(new HttpError(timedOut ? `timeout of ${config.timeout}ms exceeded` : message, timedOut ? 'ECONNABORTED' : 'ERR_NETWORK', config))
        }),
    )
  })
}
