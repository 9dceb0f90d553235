/**
 * The one error handler: every failure leaves /api as `{ code, message, details? }`.
 * Validation errors name each field; 5xx never leak internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { NoResultError } from 'kysely'
import { codeForStatus } from '@contract/errors'
import type { ErrorResponse } from '@contract/schemas'
import { ApiError } from '../lib/api-error'

type ValidationIssue = NonNullable<FastifyError['validation']>[number]

function fieldOf(context: string | undefined, issue: ValidationIssue): string {
  const pointer = issue.instancePath.replace(/^\//, '').replace(/\//g, '.')
  const missing = issue.keyword === 'required' ? String(issue.params.missingProperty ?? '') : ''
  const extra = issue.keyword === 'additionalProperties' ? String(issue.params.additionalProperty ?? '') : ''
  return [context, pointer, missing || extra].filter(Boolean).join('.')
}

function messageOf(issue: ValidationIssue): string {
  if (issue.keyword === 'additionalProperties') return 'is not allowed'
  if (issue.keyword === 'required') return 'is required'
  return issue.message ?? 'is invalid'
}

/** Busboy's errors for a multipart body without a boundary, with garbage, or cut off: the client's fault. */
const MALFORMED_MULTIPART = /^(Multipart: |Unexpected end of (multipart data|form)|Malformed part header|Part terminated early)/

export function toErrorResponse(error: FastifyError | ApiError): { status: number; body: ErrorResponse } {
  // Kysely's executeTakeFirstOrThrow found no row: the thing asked for does not exist (found by fuzzing).
  if (error instanceof NoResultError) return { status: 404, body: { code: 'NOT_FOUND', message: 'Not found' } }
  if (!(error instanceof ApiError) && error.statusCode === undefined && MALFORMED_MULTIPART.test(error.message ?? '')) {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: `The multipart body is malformed: ${error.message}` } }
  }
  if (error instanceof ApiError) {
    return { status: error.statusCode, body: { code: error.code, message: error.message, details: error.details } }
  }
  if (error.validation) {
    const details = error.validation.map((issue) => ({
      field: fieldOf(error.validationContext, issue),
      message: messageOf(issue),
    }))
    const message = details.map((detail) => `${detail.field} ${detail.message}`).join('; ')
    return { status: 400, body: { code: 'VALIDATION_FAILED', message, details } }
  }
  // Fastify's own errors (body limit, rate limit, content type…): the contract's status table.
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return { status, body: { code: codeForStatus(status), message: error.message } }
  return { status: 500, body: { code: 'INTERNAL', message: 'Internal server error' } }
}

export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const { status, body } = toErrorResponse(error)
      if (status >= 500) request.log.error({ err: error }, 'request failed')
      else request.log.info({ code: body.code, message: body.message }, 'request refused')
      return reply.status(status).send(body)
    })
    app.setNotFoundHandler((request, reply) => {
      reply.status(404).send({ code: 'NOT_FOUND', message: `Route ${request.method} ${request.url} not found` })
    })
  },
  { name: 'error-handler' },
)
