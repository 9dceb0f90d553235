/**
 * An axios adapter over Taro.request: axios has no transport inside a mini-program, and the
 * published adapters are broken or bundle a second axios/Taro (see platform notes). The same code
 * runs on H5, where Taro.request uses fetch. It keeps axios's own semantics:
 * - URL and query string come from axios.getUri (baseURL, params, paramsSerializer);
 * - the body arrives already serialized by axios's transformRequest, the answer is handed back as
 *   text so axios's transformResponse parses it (and honours responseType);
 * - `validateStatus` decides resolve vs reject, exactly like axios's settle();
 * - `signal` / `cancelToken` abort the Taro request task;
 * - failures without an HTTP answer become AxiosError ERR_NETWORK, timeouts ECONNABORTED;
 * - a request with `upload` (a local file) goes out through Taro.uploadFile as multipart, so
 *   uploads share sign-in, renewal and error mapping with every other request.
 */
import Taro from '@tarojs/taro'
import axios, {
  AxiosError,
  AxiosHeaders,
  CanceledError,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios'

type TaroMethod = NonNullable<Taro.request.Option['method']>

/** Taro.request reports failures as `{ errMsg: 'request:fail …' }`. */
function failureMessage(failure: unknown): string {
  const errMsg = (failure as { errMsg?: unknown } | null)?.errMsg
  return typeof errMsg === 'string' ? errMsg : String(failure)
}

/** axios's settle(): resolve when validateStatus accepts the status, else reject with the response attached. */
function settle(response: AxiosResponse, config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
  const { validateStatus } = config
  if (!response.status || !validateStatus || validateStatus(response.status)) return Promise.resolve(response)
  const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST
  return Promise.reject(
    new AxiosError(`Request failed with status code ${response.status}`, code, config, response.request, response),
  )
}

/** A file upload: multipart with the file under `name`; the answer is text for axios to parse. */
function uploadTask(url: string, headers: AxiosHeaders, timeout: { timeout?: number }, upload: NonNullable<InternalAxiosRequestConfig['upload']>) {
  // Taro sets the multipart content type (with its boundary) itself.
  headers.delete('Content-Type')
  const task = Taro.uploadFile({ url, filePath: upload.filePath, name: upload.name, fileName: upload.fileName, formData: upload.formData, header: headers.toJSON(true), ...timeout })
  const { onProgress } = upload
  if (onProgress) task.onProgressUpdate?.(({ progress }) => onProgress(progress))
  return task
}

export const taroAdapter: AxiosAdapter = (config) =>
  new Promise<AxiosResponse>((resolve, reject) => {
    const { signal, cancelToken } = config
    if (signal?.aborted) return reject(new CanceledError(undefined, config))

    const url = axios.getUri(config)
    const headers = AxiosHeaders.from(config.headers)
    // 0 means "no timeout" in axios; Taro would read it as "time out at once".
    const timeout = config.timeout ? { timeout: config.timeout } : {}
    const { upload } = config
    const task: Promise<{ data: unknown; statusCode: number; header?: unknown }> & { abort?: () => void } = upload
      ? uploadTask(url, headers, timeout, upload)
      : Taro.request({
          url,
          method: (config.method ?? 'get').toUpperCase() as TaroMethod,
          header: headers.toJSON(true),
          data: config.data,
          ...timeout,
          // Leave parsing to axios (see above); binary answers stay binary.
          dataType: 'text',
          responseType: config.responseType === 'arraybuffer' ? 'arraybuffer' : 'text',
        })

    // Exactly one outcome wins: the answer, the failure or the abort (Taro also fails an aborted task).
    let finished = false
    const finish = (outcome: () => void) => {
      if (finished) return
      finished = true
      cancelToken?.unsubscribe(abort)
      signal?.removeEventListener?.('abort', onAbort)
      outcome()
    }
    function abort(reason?: unknown) {
      finish(() => {
        task.abort?.()
        reject(reason instanceof CanceledError ? reason : new CanceledError(undefined, config, task))
      })
    }
    const onAbort = () => abort()
    signal?.addEventListener?.('abort', onAbort)
    cancelToken?.subscribe(abort)

    task.then(
      (result) =>
        finish(() => {
          const response: AxiosResponse = {
            data: result.data,
            status: result.statusCode,
            statusText: '',
            headers: AxiosHeaders.from((result.header ?? {}) as Record<string, string>),
            config,
            request: task,
          }
          settle(response, config).then(resolve, reject)
        }),
      (failure: unknown) =>
        finish(() => {
          const message = failureMessage(failure)
          const timedOut = /time ?out/i.test(message)
          reject(
            new AxiosError(
              timedOut ? `timeout of ${config.timeout}ms exceeded` : message,
              timedOut ? AxiosError.ECONNABORTED : AxiosError.ERR_NETWORK,
              config,
              task,
            ),
          )
        }),
    )
  })
