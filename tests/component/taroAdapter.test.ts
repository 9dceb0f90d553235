/**
 * The HTTP client end to end over the Taro.request stand-in: URL building, axios's
 * validateStatus semantics, body/answer handling, and the mapping of every failure to ApiError.
 */
import Taro from '@tarojs/taro'
import axios from 'axios'
import { ApiError } from '@/services/apiError'
import { http, showError } from '@/services/http'
import { listCategories } from '@/services/categories'
import { jsonResponse, mockRequest, type FakeRequestOptions } from './stubs/taro'

const lastRequest = (): FakeRequestOptions => (Taro.request as jest.Mock).mock.calls.at(-1)[0]

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail')
    },
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

/** A signed-in resident, so these tests exercise the transport rather than the sign-in (see session.test.ts). */
beforeEach(() => {
  jest.clearAllMocks()
  Taro.setStorageSync('ybs.session', { token: 'test-token', expiresAt: '2999-01-01T00:00:00Z', user: { id: 1, role: 'resident', displayName: '市民0001' } })
})

/** Resolves once the client has handed the request to Taro.request (sign-in and interceptors run first). */
async function requestSent(): Promise<void> {
  for (let i = 0; i < 50 && (Taro.request as jest.Mock).mock.calls.length === 0; i++) await Promise.resolve()
}

describe('requests', () => {
  it('builds the URL from baseURL and params, and sends axios headers', async () => {
    mockRequest(() => jsonResponse(200, { items: [] }))
    await http.get('/categories', { params: { group: 'environment', q: '垃圾 桶', skip: undefined } })
    const sent = lastRequest()
    expect(sent.url).toBe('http://127.0.0.1:3000/api/categories?group=environment&q=%E5%9E%83%E5%9C%BE+%E6%A1%B6')
    expect(sent.method).toBe('GET')
    expect(sent.header).toMatchObject({ Accept: 'application/json' })
    expect(sent.timeout).toBe(15_000)
    expect(sent.dataType).toBe('text') // axios parses, not Taro
  })

  it('sends a JSON body serialized by axios', async () => {
    mockRequest(() => jsonResponse(201, { id: 't1' }))
    const { data, status } = await http.post('/tickets', { categoryId: 'exposed_garbage' })
    expect(status).toBe(201)
    expect(data).toEqual({ id: 't1' })
    const sent = lastRequest()
    expect(sent.method).toBe('POST')
    expect(sent.data).toBe('{"categoryId":"exposed_garbage"}')
    expect(sent.header?.['Content-Type']).toMatch(/^application\/json/)
  })

  it('returns typed data from the per-domain API file', async () => {
    const category = { id: 'exposed_garbage', name: '暴露垃圾' }
    mockRequest(() => jsonResponse(200, { items: [category] }))
    await expect(listCategories()).resolves.toEqual([category])
    expect(lastRequest().url).toBe('http://127.0.0.1:3000/api/categories')
  })

  it('also accepts an answer Taro already parsed', async () => {
    mockRequest(() => ({ statusCode: 200, data: { ok: true } }))
    await expect(http.get('/x').then((response) => response.data)).resolves.toEqual({ ok: true })
  })
})

describe('HTTP errors follow validateStatus', () => {
  it('rejects a 404 with ApiError NOT_FOUND and the Chinese message', async () => {
    mockRequest(() => jsonResponse(404, { code: 'NOT_FOUND', message: 'Ticket not found' }))
    const error = await apiErrorOf(http.get('/tickets/nope'))
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, message: '内容不存在或已被删除' })
  })

  it('keeps validation details, keyed by field', async () => {
    const details = [{ field: 'body.location.lat', message: 'must be <= 90' }]
    mockRequest(() => jsonResponse(400, { code: 'VALIDATION_FAILED', message: 'bad', details }))
    const error = await apiErrorOf(http.post('/tickets', {}))
    expect(error.code).toBe('VALIDATION_FAILED')
    expect(error.message).toBe('填写的内容有误，请检查后再试')
    expect(error.details).toEqual(details)
    expect(error.fieldErrors).toEqual({ 'body.location.lat': 'must be <= 90' })
  })

  it('guesses the code from the status when the body has none (e.g. a proxy page)', async () => {
    mockRequest(() => ({ statusCode: 502, data: '<html>Bad Gateway</html>' }))
    const error = await apiErrorOf(http.get('/health'))
    expect(error).toMatchObject({ code: 'INTERNAL', status: 502, message: '服务暂时不可用，请稍后再试' })
  })

  it('resolves any status a custom validateStatus accepts', async () => {
    mockRequest(() => jsonResponse(404, { code: 'NOT_FOUND', message: 'x' }))
    const response = await http.get('/tickets/nope', { validateStatus: () => true })
    expect(response.status).toBe(404)
  })
})

describe('failures without an answer', () => {
  it('maps request:fail to NETWORK', async () => {
    mockRequest(() => {
      throw { errMsg: 'request:fail' }
    })
    const error = await apiErrorOf(http.get('/categories'))
    expect(error).toMatchObject({ code: 'NETWORK', status: 0, message: '网络连接失败，请检查网络后重试' })
  })

  it('maps a Taro timeout to TIMEOUT', async () => {
    mockRequest(() => {
      throw { errMsg: 'request:fail timeout' }
    })
    const error = await apiErrorOf(http.get('/categories'))
    expect(error).toMatchObject({ code: 'TIMEOUT', message: '网络超时，请稍后重试' })
  })

  it('aborts the Taro task through an AbortSignal', async () => {
    mockRequest(() => new Promise(() => undefined)) // never answers
    const controller = new AbortController()
    const pending = http.get('/categories', { signal: controller.signal })
    await requestSent()
    controller.abort()
    const error = await apiErrorOf(pending)
    expect(error.code).toBe('CANCELED')
    const task = (Taro.request as jest.Mock).mock.results.at(-1)?.value as { abort: jest.Mock }
    expect(task.abort).toHaveBeenCalledTimes(1)
  })

  it('aborts through a CancelToken too', async () => {
    mockRequest(() => new Promise(() => undefined))
    const source = axios.CancelToken.source()
    const pending = http.get('/categories', { cancelToken: source.token })
    await requestSent()
    source.cancel('left the page')
    expect((await apiErrorOf(pending)).code).toBe('CANCELED')
  })

  it('never sends a request whose signal is already aborted', async () => {
    const controller = new AbortController()
    controller.abort()
    const error = await apiErrorOf(http.get('/categories', { signal: controller.signal }))
    expect(error.code).toBe('CANCELED')
    expect(Taro.request).not.toHaveBeenCalled()
  })
})

describe('showError', () => {
  it('toasts the Chinese message without an icon', () => {
    showError(new ApiError('NETWORK', 0, '网络连接失败，请检查网络后重试'))
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络连接失败，请检查网络后重试', icon: 'none' }))
  })

  it('stays silent for canceled requests', () => {
    showError(new ApiError('CANCELED', 0, '请求已取消'))
    expect(Taro.showToast).not.toHaveBeenCalled()
  })
})
