/**
 * The app-level triggers (src/app.ts): reports waiting in the outbox are sent when the app shows
 * again and when the network comes back, through the real HTTP client, with the draft's key.
 */
import { useEffect } from 'react'
import { render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import App from '@/app'
import { newDraft, type ReportDraft } from '@/domain/report/draft'
import { reportOutbox } from '@/domain/report/outbox'
import { firePageEvent, jsonResponse, mockRequest, type FakeRequestOptions } from './stubs/taro'

jest.mock('@tarojs/taro', () => {
  const stubs = jest.requireActual('./stubs/taro')
  return { ...stubs, useLaunch: (callback: () => void) => useEffect(callback, []) }
})

let networkListener: ((result: { isConnected: boolean }) => void) | undefined
Object.assign(Taro, {
  onNetworkStatusChange: jest.fn((listener: typeof networkListener) => {
    networkListener = listener
  }),
})

function backend() {
  let online = false
  const filed = new Map<string, number>()
  const request = mockRequest((options: FakeRequestOptions) => {
    if (!online) throw { errMsg: 'request:fail' }
    if (options.url.endsWith('/auth/login')) {
      return jsonResponse(200, { token: 'token-1', expiresAt: '2999-01-01T00:00:00Z', user: { id: 7, role: 'resident', displayName: '市民' } })
    }
    if (options.url.endsWith('/tickets')) {
      const key = options.header?.['Idempotency-Key'] ?? ''
      const existing = filed.get(key)
      if (!existing) filed.set(key, filed.size + 1)
      return jsonResponse(existing ? 200 : 201, { id: filed.get(key), number: `BY20261125-000${filed.get(key)}`, dueAt: '2026-11-25T12:00:00Z' })
    }
    throw { errMsg: `request:fail unexpected ${options.url}` }
  })
  return { request, filed, setOnline: (value: boolean) => void (online = value) }
}

const draft = (): ReportDraft => ({
  ...newDraft(),
  categoryId: 'exposed_garbage',
  categoryName: '暴露垃圾',
  description: '路边有成堆垃圾',
  location: { lat: 23.17, lng: 113.275 },
})

afterEach(() => {
  for (const item of reportOutbox().items()) reportOutbox().remove(item.id)
})

it('sends waiting reports when the app shows again, and the network coming back, once each', async () => {
  const server = backend()
  const first = draft()
  reportOutbox().add(first, '网络连接失败，请检查网络后重试')
  render(<App>{null}</App>)
  // Launch and first show happen offline: still waiting.
  await waitFor(() => expect(reportOutbox().items()[0]).toMatchObject({ state: 'waiting', attempts: 1 }))

  server.setOnline(true)
  firePageEvent('didShow') // the resident comes back to the app
  await waitFor(() => expect(reportOutbox().items()).toEqual([]))
  expect([...server.filed.keys()]).toEqual([first.key])

  // Next one: queued while offline, sent when WeChat says the network is back.
  server.setOnline(false)
  const second = draft()
  reportOutbox().add(second)
  expect(networkListener).toBeDefined()
  server.setOnline(true)
  networkListener!({ isConnected: true })
  await waitFor(() => expect(reportOutbox().items()).toEqual([]))
  expect([...server.filed.keys()]).toEqual([first.key, second.key])
})
