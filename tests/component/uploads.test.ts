/**
 * Photo uploads go through the one HTTP client: it signs in first, sends the bearer token through
 * Taro.uploadFile, renews the session once on a 401, and maps failures like any request.
 */
import Taro from '@tarojs/taro'
import { ApiError } from '@/services/apiError'
import { uploadPhoto } from '@/services/report'
import { clearSession } from '@/services/session'
import { jsonResponse, mockRequest, type FakeRequestOptions, type FakeUploadOptions } from './stubs/taro'

const uploads = (): FakeUploadOptions[] => (Taro.uploadFile as jest.Mock).mock.calls.map((call) => call[0])
const logins = () => (Taro.request as jest.Mock).mock.calls.filter(([options]) => (options as FakeRequestOptions).url.endsWith('/auth/login'))

let issued = 0
/** A backend whose upload answer depends on the token it gets. */
function backend(uploadAnswer: (token: string | undefined) => { statusCode: number; data: unknown } = () => jsonResponse(201, { id: 'up-1', thumbUrl: '/media/up-1-thumb.jpg' })) {
  return mockRequest((options) => {
    if (options.url.endsWith('/auth/login')) {
      issued++
      return jsonResponse(200, { token: `token-${issued}`, expiresAt: '2999-01-01T00:00:00Z', user: { id: 7, role: 'resident', displayName: '市民0007' } })
    }
    return uploadAnswer(options.header?.Authorization?.replace('Bearer ', ''))
  })
}

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const caught = await promise.then(() => new Error('expected the upload to fail'), (error: unknown) => error)
  expect(caught).toBeInstanceOf(ApiError)
  return caught as ApiError
}

beforeEach(() => {
  jest.clearAllMocks()
  clearSession()
  issued = 0
})

it('signs in, sends the file as multipart with the token, reports progress and answers the parsed body', async () => {
  backend()
  const progress: number[] = []
  const uploaded = await uploadPhoto('wxfile://a.jpg', (percent) => progress.push(percent))
  expect(uploaded).toEqual({ id: 'up-1', thumbUrl: '/media/up-1-thumb.jpg' })
  expect(logins()).toHaveLength(1)
  expect(uploads()).toHaveLength(1)
  expect(uploads()[0]).toMatchObject({ url: expect.stringMatching(/\/api\/uploads$/), filePath: 'wxfile://a.jpg', name: 'file', fileName: 'photo.jpg', timeout: 60_000 })
  expect(uploads()[0].header).toMatchObject({ Authorization: 'Bearer token-1' })
  expect(Object.keys(uploads()[0].header ?? {}).map((name) => name.toLowerCase())).not.toContain('content-type')
  expect(progress).toEqual([100])
})

it('renews the session once on a 401 and uploads again with the new token', async () => {
  backend((token) => (token === 'token-1' ? jsonResponse(401, { code: 'UNAUTHORIZED', message: 'expired' }) : jsonResponse(201, { id: 'up-2', thumbUrl: '/t' })))
  await expect(uploadPhoto('wxfile://a.jpg')).resolves.toMatchObject({ id: 'up-2' })
  expect(uploads().map((upload) => upload.header?.Authorization)).toEqual(['Bearer token-1', 'Bearer token-2'])
  expect(logins()).toHaveLength(2)
})

it('a second 401 is final: UNAUTHORIZED in Chinese, no loop', async () => {
  backend(() => jsonResponse(401, { code: 'UNAUTHORIZED', message: 'expired' }))
  const error = await failureOf(uploadPhoto('wxfile://a.jpg'))
  expect(error).toMatchObject({ code: 'UNAUTHORIZED', status: 401, message: '登录已过期，请重新进入小程序' })
  expect(uploads()).toHaveLength(2)
})

it('maps the server’s error body, and a proxy’s page by its status, like any request', async () => {
  backend(() => jsonResponse(413, { code: 'PAYLOAD_TOO_LARGE', message: 'too big', details: [{ field: 'file', message: 'too big' }] }))
  expect(await failureOf(uploadPhoto('wxfile://a.jpg'))).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413, message: '文件太大，请压缩后再试', details: [{ field: 'file' }] })

  Taro.setStorageSync('ybs.session', { token: 'token-9', expiresAt: '2999-01-01T00:00:00Z', user: { id: 7, role: 'resident', displayName: '市民0007' } })
  backend(() => ({ statusCode: 502, data: '<html>Bad Gateway</html>' }))
  expect(await failureOf(uploadPhoto('wxfile://a.jpg'))).toMatchObject({ code: 'INTERNAL', status: 502, message: '服务暂时不可用，请稍后再试' })
})

it('no answer at all is NETWORK, a timeout TIMEOUT', async () => {
  Taro.setStorageSync('ybs.session', { token: 'token-9', expiresAt: '2999-01-01T00:00:00Z', user: { id: 7, role: 'resident', displayName: '市民0007' } })
  mockRequest(() => {
    throw { errMsg: 'uploadFile:fail' }
  })
  expect(await failureOf(uploadPhoto('wxfile://a.jpg'))).toMatchObject({ code: 'NETWORK', status: 0 })
  mockRequest(() => {
    throw { errMsg: 'uploadFile:fail timeout' }
  })
  expect(await failureOf(uploadPhoto('wxfile://a.jpg'))).toMatchObject({ code: 'TIMEOUT', status: 0 })
})
