/**
 * 语音输入 and screen-reader announcements on the report form (#16): the button is there only
 * where the platform recognises speech; recognised words are appended to the description; what
 * happens away from the focus (voice errors, validation errors) is written into the live region.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Category } from '@contract/schemas'
import ReportFormPage from '@/packages/report/form/index'
import { DRAFT_STORAGE_KEY, type ReportDraft } from '@/domain/report/draft'
import type { SpeechHandlers } from '@/packages/report/lib/speechTypes'
import { jsonResponse, mockRequest, setRouterParams } from './stubs/taro'

jest.mock('@/components/MapView', () => jest.requireActual('./stubs/MapView'))
jest.mock('@/hooks/useLocation', () => ({
  useLocation: () => ({ location: null, status: 'ok', locate: () => Promise.resolve({ lat: 23.17, lng: 113.275 }) }),
}))

// The platform recogniser, controlled by the test: available or not, and what it "hears".
const mockSpeech: { available: boolean; handlers?: SpeechHandlers } = { available: false }
jest.mock('@/packages/report/lib/speech', () => ({
  speechAvailable: () => mockSpeech.available,
  startSpeech: (handlers: SpeechHandlers) => {
    mockSpeech.handlers = handlers
    return { stop: () => handlers.onEnd() }
  },
}))

const CATEGORIES: Category[] = [
  { id: 'exposed_garbage', name: '暴露垃圾', group: 'environment', groupName: '环境卫生', icon: 'garbage', description: '', slaHours: 2, quickPhrases: [] },
]

function backend() {
  return mockRequest((options) => {
    if (options.url.includes('/categories')) return jsonResponse(200, { items: CATEGORIES })
    if (options.url.includes('/geo/resolve')) return jsonResponse(200, { inside: true, address: { street: '景泰街', community: '景泰社区', gridId: 'g1', gridName: '一网格', text: '景泰街' } })
    if (options.url.includes('/tickets/nearby')) return jsonResponse(200, { items: [] })
    throw { errMsg: `request:fail unexpected ${options.url}` }
  })
}

async function openForm() {
  backend()
  setRouterParams({ categoryId: 'exposed_garbage', lat: '23.17', lng: '113.275' })
  render(<ReportFormPage />)
  await screen.findByText('问题描述')
}

const description = () => (screen.getByRole('textbox', { name: '问题描述' }) as HTMLTextAreaElement).value
const liveRegion = (urgent: boolean) => document.querySelector(`.live-region [aria-live="${urgent ? 'assertive' : 'polite'}"]`)?.textContent ?? ''

beforeEach(() => {
  Taro.removeStorageSync(DRAFT_STORAGE_KEY)
  mockSpeech.available = false
  mockSpeech.handlers = undefined
})

it('offers no voice button where speech is not recognised, and the form still works typed', async () => {
  await openForm()
  expect(screen.queryByRole('button', { name: /语音输入/ })).toBeNull()
  fireEvent.change(screen.getByRole('textbox', { name: '问题描述' }), { target: { value: '路边有垃圾' } })
  expect(description()).toBe('路边有垃圾')
})

it('appends what was said to the description and says so', async () => {
  mockSpeech.available = true
  await openForm()
  fireEvent.change(screen.getByRole('textbox', { name: '问题描述' }), { target: { value: '路边有垃圾' } })
  fireEvent.click(screen.getByRole('button', { name: '语音输入，说出问题描述' }))
  await waitFor(() => expect(mockSpeech.handlers).toBeDefined())
  expect(await screen.findByText('● 正在听…说完点这里')).toBeTruthy()
  expect(liveRegion(false)).toContain('正在听')

  mockSpeech.handlers!.onText('气味很大')
  mockSpeech.handlers!.onEnd()
  await waitFor(() => expect(description()).toBe('路边有垃圾，气味很大'))
  await waitFor(() => expect((Taro.getStorageSync(DRAFT_STORAGE_KEY) as ReportDraft).description).toBe('路边有垃圾，气味很大')) // the draft keeps it
  expect(liveRegion(false)).toContain('已添加：气味很大')
  expect(screen.getByText('🎤 语音输入')).toBeTruthy()
})

it('shows a recognition error in Chinese and reads it out at once', async () => {
  mockSpeech.available = true
  await openForm()
  fireEvent.click(screen.getByRole('button', { name: '语音输入，说出问题描述' }))
  await waitFor(() => expect(mockSpeech.handlers).toBeDefined())
  mockSpeech.handlers!.onError('无法使用麦克风，请在设置中允许录音后再试')
  mockSpeech.handlers!.onEnd()
  expect(await screen.findByText('无法使用麦克风，请在设置中允许录音后再试')).toBeTruthy()
  expect(liveRegion(true)).toBe('语音输入失败：无法使用麦克风，请在设置中允许录音后再试')
  expect(description()).toBe('')
})

it('reads a validation error out through the assertive region', async () => {
  await openForm()
  fireEvent.click(screen.getByRole('button', { name: /提交上报/ }))
  await waitFor(() => expect(liveRegion(true)).toBe('无法提交：请描述问题，或至少添加一张照片'))
})
