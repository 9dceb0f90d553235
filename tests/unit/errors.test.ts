import { ERROR_CODES, ERROR_MESSAGES_ZH, STATUS_ERROR_CODES, codeForStatus, errorMessageZh } from '@contract/errors'
import { toErrorResponse } from '../../mock-server/src/plugins/error-handler'
import { toApiError } from '@/services/apiError'
import { AxiosError, AxiosHeaders, type AxiosResponse } from 'axios'

describe('error codes', () => {
  it('has a Chinese message for every code', () => {
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES_ZH[code]).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('falls back on the HTTP status for codes it does not know', () => {
    expect(errorMessageZh('SOMETHING_NEW', 401)).toBe(ERROR_MESSAGES_ZH.UNAUTHORIZED)
    expect(errorMessageZh(undefined, 429)).toBe(ERROR_MESSAGES_ZH.RATE_LIMITED)
    expect(errorMessageZh(undefined, 409)).toBe(ERROR_MESSAGES_ZH.CONFLICT)
    expect(errorMessageZh(undefined, 502)).toBe(ERROR_MESSAGES_ZH.INTERNAL)
    expect(errorMessageZh('OUT_OF_DISTRICT', 400)).toBe('位置不在服务区域内')
  })
})

describe('one status table for the backend and the app', () => {
  const statuses = [...Object.keys(STATUS_ERROR_CODES).map(Number), 405, 418, 500, 502, 503]

  it('the backend answers Fastify’s own errors with the table’s code', () => {
    for (const status of statuses) {
      const error = Object.assign(new Error('boom'), { statusCode: status }) as Parameters<typeof toErrorResponse>[0]
      const { body } = toErrorResponse(error)
      expect([status, body.code]).toEqual([status, codeForStatus(status)])
    }
  })

  it('the app reads an answer without a code (a proxy’s page) by the same table', () => {
    for (const status of statuses) {
      const response = { status, data: '<html>error</html>', headers: new AxiosHeaders(), statusText: '', config: { headers: new AxiosHeaders() } } as AxiosResponse
      const apiError = toApiError(new AxiosError('failed', 'ERR_BAD_RESPONSE', undefined, undefined, response))
      expect([status, apiError.code, apiError.message]).toEqual([status, codeForStatus(status), ERROR_MESSAGES_ZH[codeForStatus(status)]])
    }
  })
})
