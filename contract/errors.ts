/**
 * Error codes shared by the backend (it answers `{ code, message, details? }`) and the app
 * (it shows `ERROR_MESSAGES_ZH[code]`, in Chinese, to the resident). Pure data: no Taro here.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'OUT_OF_DISTRICT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'INTERNAL',
  'BINDING_CODE_USED',
  'BINDING_CODE_EXPIRED',
  // client-side only: the request never got an HTTP answer
  'NETWORK',
  'TIMEOUT',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const ERROR_MESSAGES_ZH: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后再试',
  UNAUTHORIZED: '登录已过期，请重新进入小程序',
  FORBIDDEN: '没有权限执行此操作',
  NOT_FOUND: '内容不存在或已被删除',
  CONFLICT: '操作冲突，请刷新后再试',
  INVALID_TRANSITION: '工单当前状态不支持此操作',
  OUT_OF_DISTRICT: '位置不在服务区域内',
  PAYLOAD_TOO_LARGE: '文件太大，请压缩后再试',
  UNSUPPORTED_MEDIA_TYPE: '不支持的文件格式',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务暂时不可用，请稍后再试',
  BINDING_CODE_USED: '绑定码已被使用，请向调度员重新获取',
  BINDING_CODE_EXPIRED: '绑定码已过期，请向调度员重新获取',
  NETWORK: '网络连接失败，请检查网络后重试',
  TIMEOUT: '网络超时，请稍后重试',
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/**
 * HTTP status → the code of an answer that carries none of its own: the backend uses it for
 * Fastify's own errors (body limits, rate limits, content types), the apps for a proxy's error page.
 */
export const STATUS_ERROR_CODES: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
}

/** The code for a status: the table above, any other 4xx is the request's fault, the rest INTERNAL. */
export function codeForStatus(status: number | undefined): ErrorCode {
  if (status === undefined) return 'INTERNAL'
  return STATUS_ERROR_CODES[status] ?? (status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL')
}

/** The Chinese text for a code, falling back to the status's code for unknown codes. */
export function errorMessageZh(code: string | undefined, status?: number): string {
  return ERROR_MESSAGES_ZH[isErrorCode(code) ? code : codeForStatus(status)]
}
