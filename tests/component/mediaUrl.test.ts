/** One rule for photo URLs: paths beside the API, whatever page shows them (form, list, detail). */
import { mediaUrl } from '@/services/http'

const env = { ...process.env }
afterEach(() => {
  process.env = { ...env }
})

it('on H5 (API at /api on the same origin) a media path stays relative', () => {
  process.env.TARO_ENV = 'h5'
  delete process.env.TARO_APP_API_BASE
  expect(mediaUrl('/media/a-thumb.jpg')).toBe('/media/a-thumb.jpg')
})

it('on weapp the API root is prepended, including a path prefix in front of /api', () => {
  process.env.TARO_ENV = 'weapp'
  delete process.env.TARO_APP_API_BASE
  expect(mediaUrl('/media/a.jpg')).toBe('http://127.0.0.1:3000/media/a.jpg')
  process.env.TARO_APP_API_BASE = 'https://city.example/ybs/api'
  expect(mediaUrl('/media/a.jpg')).toBe('https://city.example/ybs/media/a.jpg')
})

it('absolute, data: and blob: URLs are used as they are', () => {
  process.env.TARO_APP_API_BASE = 'https://city.example/api'
  for (const url of ['https://cdn.example/a.jpg', 'http://x/a.jpg', 'data:image/jpeg;base64,AAAA', 'blob:https://x/1']) expect(mediaUrl(url)).toBe(url)
})
