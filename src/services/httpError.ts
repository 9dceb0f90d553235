/**
 * What a request is and how it fails: the types of the transport (httpClient.ts), apart from it
 * so that apiError.ts (and Node-side tests) read them without Taro.
 */
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type QueryParams = Record<string, string | number | boolean | null | undefined>

export interface UploadOptions {
  filePath: string
  name: string
  fileName?: string
  onProgress?: (percent: number) => void
  formData?: Record<string, string>
}

export interface RequestConfig {
  url: string
  method?: Method
  /** Prefixed to a relative `url`. */
  baseURL?: string
  params?: QueryParams
  data?: unknown
  headers?: Record<string, string>
  /** Milliseconds; 0 or unset means no timeout of ours (Taro's default applies). */
  timeout?: number
  signal?: AbortSignal
  validateStatus?: (status: number) => boolean
  /** Public endpoints (categories, facilities, nearby…) go out without signing in first. */
  anonymous?: boolean
  /** Set on the one retry after a 401, so a second 401 is final. */
  retriedAfterLogin?: boolean
  /** Send a local file (weapp temp/saved path, H5 blob:/data: URL) as multipart instead of `data`. */
  upload?: UploadOptions
}

/** Options of http.get/post: everything but what the call itself names. */
export type RequestOptions = Omit<RequestConfig, 'url' | 'method' | 'data'>

export interface HttpResponse<T = unknown> {
  data: T
  status: number
  headers: Record<string, string>
  config: RequestConfig
}

export type HttpErrorCode = 'ERR_BAD_REQUEST' | 'ERR_BAD_RESPONSE' | 'ERR_NETWORK' | 'ECONNABORTED' | 'ERR_CANCELED'

/** A failed request: `response` is there when the server answered (with a status validateStatus refused). */
export class HttpError extends Error {
  readonly code: HttpErrorCode
  readonly config: RequestConfig
  readonly response?: HttpResponse

  constructor(message: string, code: HttpErrorCode, config: RequestConfig, response?: HttpResponse) {
    super(message)
    this.name = 'HttpError'
    this.code = code
    this.config = config
    this.response = response
  }
}
