import { ERROR_CODES, ERROR_MESSAGES_ZH, errorMessageZh } from '@contract/errors'

describe('error codes', () => {
  it('has a Chinese message for every code', () => {
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES_ZH[code]).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('falls back on the HTTP status for codes it does not know', () => {
    expect(errorMessageZh('SOMETHING_NEW', 401)).toBe(ERROR_MESSAGES_ZH.UNAUTHORIZED)
    expect(errorMessageZh(undefined, 429)).toBe(ERROR_MESSAGES_ZH.RATE_LIMITED)
    expect(errorMessageZh(undefined, 502)).toBe(ERROR_MESSAGES_ZH.INTERNAL)
    expect(errorMessageZh('OUT_OF_DISTRICT', 400)).toBe('位置不在服务区域内')
  })
})
