/**
 * Open311 errors: the spec's list of `{ code, description }` with the HTTP status as the code.
 * 403 = missing or bad api_key, 404 = no such resource, 400 = anything else the request got wrong.
 * Errors of the shared ticket service (ApiError) and of Fastify (validation, rate limit, body
 * parsing) are translated here, so nothing under /open311 answers in the /api error shape.
 */
import type { FastifyError } from 'fastify'
import { NoResultError } from 'kysely'
import type { Open311Error } from '@contract/open311'
import { ApiError } from '../../lib/api-error'

export class Open311Failure extends Error {
  readonly errors: Open311Error[]
  constructor(
    readonly statusCode: 400 | 403 | 404 | 413 | 429 | 500,
    descriptions: string | string[],
  ) {
    const list = Array.isArray(descriptions) ? descriptions : [descriptions]
    super(list.join('; '))
    this.name = 'Open311Failure'
    this.errors = list.map((description) => ({ code: statusCode, description }))
  }

  static badRequest(...descriptions: string[]) {
    return new Open311Failure(400, descriptions)
  }

  static notFound(description: string) {
    return new Open311Failure(404, description)
  }
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number]

/** "lat must be number" rather than "body/lat must be number": Open311 field names as sent. */
function describeIssue(issue: ValidationIssue): string {
  const path = issue.instancePath.replace(/^\//, '').split('/').filter(Boolean)
  const field =
    path[0] === 'attribute' && path[1] ? `attribute[${path[1]}]` : path.join('.') || String(issue.params.missingProperty ?? 'request')
  if (issue.keyword === 'enum') return `${field} must be one of ${(issue.params.allowedValues as string[]).join(', ')}`
  return `${field} ${issue.message ?? 'is invalid'}`
}

/** Any error thrown under /open311 as a status and its error list. */
export function toOpen311Errors(error: unknown): { status: number; errors: Open311Error[] } {
  if (error instanceof Open311Failure) return { status: error.statusCode, errors: error.errors }
  if (error instanceof ApiError) {
    // Shared-service errors keep their status; 401/409 have no Open311 meaning and become 400.
    const status = error.statusCode === 404 || error.statusCode === 403 || error.statusCode === 429 ? error.statusCode : 400
    return { status, errors: [{ code: status, description: error.message }] }
  }
  const fastifyError = error as FastifyError
  if (error instanceof NoResultError) return { status: 404, errors: [{ code: 404, description: 'Not found' }] }
  if (fastifyError.validation) {
    return { status: 400, errors: fastifyError.validation.map((issue) => ({ code: 400, description: describeIssue(issue) })) }
  }
  const status = fastifyError.statusCode ?? 500
  if (status === 429) return { status, errors: [{ code: 429, description: fastifyError.message }] }
  if (status === 404) return { status, errors: [{ code: 404, description: fastifyError.message }] }
  if (status === 408 || status === 413) return { status, errors: [{ code: status, description: fastifyError.message }] }
  if (status === 415) {
    return { status: 400, errors: [{ code: 400, description: 'POST requests must be sent as application/x-www-form-urlencoded' }] }
  }
  if (status >= 400 && status < 500) return { status: 400, errors: [{ code: 400, description: fastifyError.message }] }
  return { status: 500, errors: [{ code: 500, description: 'Internal server error; try again later' }] }
}
