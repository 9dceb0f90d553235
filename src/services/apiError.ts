/**
 * The one error type pages see. Whatever failed (HTTP status, no network, timeout, abort),
 * `message` is the Chinese sentence to show the resident and `code` is what code can branch on.
 */
import { AxiosError } from 'axios'
import { codeForStatus, errorMessageZh, isErrorCode, type ErrorCode } from '@contract/errors'
import type { ErrorResponse } from '@contract/schemas'

/** CANCELED is app-only: the caller aborted, so there is nothing to tell the resident. */
export type ApiErrorCode = ErrorCode | 'CANCELED'
export type FieldError = NonNullable<ErrorResponse['details']>[number]

export class ApiError extends Error {
  readonly code: ApiErrorCode
  /** HTTP status, 0 when no answer arrived. */
  readonly status: number
  readonly details: FieldError[]

  constructor(code: ApiErrorCode, status: number, message: string, details: FieldError[] = []) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
    this.details = details
  }

  /** Field path → the server's message for it, for forms that mark the offending input. */
  get fieldErrors(): Record<string, string> {
    return Object.fromEntries(this.details.map((detail) => [detail.field, detail.message]))
  }
}

function isErrorBody(body: unknown): body is Partial<ErrorResponse> {
  return typeof body === 'object' && body !== null
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (!(error instanceof AxiosError)) return new ApiError('INTERNAL', 0, errorMessageZh('INTERNAL'))
  if (error.code === AxiosError.ERR_CANCELED) return new ApiError('CANCELED', 0, '请求已取消')

  const response = error.response
  if (!response) {
    const timedOut = error.code === AxiosError.ECONNABORTED || error.code === AxiosError.ETIMEDOUT
    const code: ErrorCode = timedOut ? 'TIMEOUT' : 'NETWORK'
    return new ApiError(code, 0, errorMessageZh(code))
  }

  const body = isErrorBody(response.data) ? response.data : {}
  const code = isErrorCode(body.code) ? body.code : codeForStatus(response.status)
  const details = Array.isArray(body.details) ? body.details : []
  return new ApiError(code, response.status, errorMessageZh(code, response.status), details)
}
