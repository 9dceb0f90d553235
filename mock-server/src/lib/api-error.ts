import type { ErrorCode } from '@contract/errors'

/** An error the API answers as it is: `{ code, message, details? }` with `statusCode`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: { field: string; message: string }[],
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** A 400 naming the offending field; the message says what is wrong with it. */
  static invalidField(field: string, message: string, code: ErrorCode = 'VALIDATION_FAILED'): ApiError {
    return new ApiError(400, code, `${field}: ${message}`, [{ field, message }])
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'NOT_FOUND', `${what} not found`)
  }
}
