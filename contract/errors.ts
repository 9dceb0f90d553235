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

/** The Chinese text for a code, falling back to a status-based guess for unknown codes. */
export function errorMessageZh(code: string | undefined, status?: number): string {
  if (isErrorCode(code)) return ERROR_MESSAGES_ZH[code]
  if (status === 401) return ERROR_MESSAGES_ZH.UNAUTHORIZED
  if (status === 403) return ERROR_MESSAGES_ZH.FORBIDDEN
  if (status === 404) return ERROR_MESSAGES_ZH.NOT_FOUND
  if (status === 429) return ERROR_MESSAGES_ZH.RATE_LIMITED
  if (status !== undefined && status >= 400 && status < 500) return ERROR_MESSAGES_ZH.VALIDATION_FAILED
  return ERROR_MESSAGES_ZH.INTERNAL
}
