/**
 * Silent sign-in through the HTTP client: one login for many callers, the bearer token on every
 * authenticated request, and a single renewal + retry when the server says 401.
 */
import Taro from '@tarojs/taro'
import { http } from '@/services/http'
import { clearSession, storedSession } from '@/services/session'
import { jsonResponse, mockRequest, type FakeRequestOptions } from './stubs/taro'

const calls = (): FakeRequestOptions[] => (Taro.request as jest.Mock).mock.calls.map((call) => call[0])
const loginCalls = () => calls().filter((call) => call.url.endsWith('/auth/login'))

let issued = 0
function backend(ticketStatus: (token: string | undefined) => number = () => 200) {
  return mockRequest((options) => {
    if (options.url.endsWith('/auth/login')) {
      issued++
      return jsonResponse(200, { token: `token-${issued}`, expiresAt: '2999-01-01T00:00:00Z', user: { id: 7, role: 'resident', displayName: '市民0007' } })
    }
    const token = options.header?.Authorization?.replace('Bearer ', '')
    const status = ticketStatus(token)
    return jsonResponse(status, status === 200 ? { items: [], token } : { code: 'UNAUTHORIZED', message: 'expired' })
  })
}

beforeEach(() => {
  jest.clearAllMocks()
  clearSession()
  issued = 0
})

it('signs in once for concurrent requests and sends the token', async () => {
  backend()
  const answers = await Promise.all([http.get('/tickets'), http.get('/messages'), http.get('/tickets?page=2')])
  expect(loginCalls()).toHaveLength(1)
  expect(answers.map((answer) => answer.data.token)).toEqual(['token-1', 'token-1', 'token-1'])
  expect(JSON.parse(String(loginCalls()[0].data)).code).toMatch(/^dev:h5-/)
  expect(storedSession()?.user.displayName).toBe('市民0007')
})

it('keeps one development code per browser, so the resident stays the same person', async () => {
  backend()
  await http.get('/tickets')
  clearSession()
  await http.get('/tickets')
  const codes = loginCalls().map((call) => JSON.parse(String(call.data)).code)
  expect(codes).toHaveLength(2)
  expect(codes[0]).toBe(codes[1])
})

it('does not sign in for public endpoints', async () => {
  backend()
  await http.get('/categories', { anonymous: true })
  expect(loginCalls()).toHaveLength(0)
  expect(calls()[0].header?.Authorization).toBeUndefined()
})

it('renews the token after a 401 and retries the request once', async () => {
  backend((token) => (token === 'token-1' ? 401 : 200))
  const answer = await http.get('/tickets')
  expect(answer.data.token).toBe('token-2')
  expect(loginCalls()).toHaveLength(2)
})

it('gives up after a second 401, with the Chinese message', async () => {
  backend(() => 401)
  await expect(http.get('/tickets')).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: '登录已过期，请重新进入小程序' })
  expect(loginCalls()).toHaveLength(2)
  expect(calls().filter((call) => call.url.endsWith('/tickets'))).toHaveLength(2)
})
