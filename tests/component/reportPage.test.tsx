/**
 * The 上报 tab in jsdom: categories from a fake backend answer, grouped by groupName; a tap opens
 * the form; the outbox count and the unfinished draft; and the error state whose 重新加载 retries.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Category } from '@contract/schemas'
import ReportPage from '@/pages/report/index'
import { DRAFT_STORAGE_KEY, newDraft } from '@/domain/report/draft'
import { reportOutbox } from '@/domain/report/outbox'
import { jsonResponse, mockRequest } from './stubs/taro'

function category(id: string, name: string, groupName: string, extra: Partial<Category> = {}): Category {
  return {
    id,
    name,
    group: groupName === '环境卫生' ? 'environment' : 'municipal',
    groupName,
    icon: 'garbage',
    description: `${name}的说明`,
    slaHours: 2,
    quickPhrases: [],
    ...extra,
  }
}

const CATEGORIES = [
  category('exposed_garbage', '暴露垃圾', '环境卫生', { quickPhrases: ['路边有成堆垃圾'] }),
  category('manhole', '井盖缺失', '市政设施', { icon: 'manhole', slaHours: 1 }),
  category('garbage_overflow', '垃圾满溢', '环境卫生', { icon: 'no-such-icon', slaHours: 48 }),
]

beforeEach(() => jest.clearAllMocks())

it('shows the categories grouped by groupName, in the server order', async () => {
  mockRequest(() => jsonResponse(200, { items: CATEGORIES }))
  render(<ReportPage />)
  expect(screen.getByText('正在加载问题类型…')).toBeTruthy()

  const groups = await screen.findAllByRole('group')
  expect(groups.map((group) => group.getAttribute('aria-label'))).toEqual(['环境卫生', '市政设施'])
  const environment = within(groups[0]).getAllByRole('button')
  expect(environment.map((option) => option.getAttribute('aria-label'))).toEqual([
    '暴露垃圾，2小时内处置',
    '垃圾满溢，2天内处置',
  ])
  expect(within(groups[1]).getByText('井盖缺失')).toBeTruthy()
  expect(within(groups[1]).getByText('1小时内处置')).toBeTruthy()
})

it('a tap on a category opens the report form for it', async () => {
  mockRequest(() => jsonResponse(200, { items: CATEGORIES }))
  render(<ReportPage />)

  fireEvent.click(await screen.findByRole('button', { name: '井盖缺失，1小时内处置' }))

  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/report/form/index?categoryId=manhole' })
})

it('shows how many reports wait in the outbox, and a draft to continue', async () => {
  const waiting = [reportOutbox().add({ ...newDraft(), categoryName: '暴露垃圾' }), reportOutbox().add({ ...newDraft(), categoryName: '井盖缺失' })]
  Taro.setStorageSync(DRAFT_STORAGE_KEY, { ...newDraft(), categoryName: '垃圾满溢', description: '桶满了' })
  mockRequest(() => jsonResponse(200, { items: CATEGORIES }))
  try {
    render(<ReportPage />)
    fireEvent.click(await screen.findByRole('button', { name: '待发送的上报，2条' }))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/report/outbox/index' })

    fireEvent.click(screen.getByRole('button', { name: '继续填写未完成的上报：垃圾满溢' }))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/report/form/index' })
  } finally {
    waiting.forEach((item) => reportOutbox().remove(item.id))
    Taro.removeStorageSync(DRAFT_STORAGE_KEY)
  }
})

it('shows the Chinese error and retries through the client', async () => {
  let attempts = 0
  mockRequest(() => {
    attempts += 1
    if (attempts === 1) throw { errMsg: 'request:fail' }
    return jsonResponse(200, { items: CATEGORIES })
  })
  render(<ReportPage />)

  const alert = await screen.findByRole('alert')
  expect(within(alert).getByText('网络连接失败，请检查网络后重试')).toBeTruthy()

  await act(async () => {
    fireEvent.click(within(alert).getByRole('button', { name: '重新加载' }))
  })

  expect(await screen.findByText('暴露垃圾')).toBeTruthy()
  expect(screen.queryByRole('alert')).toBeNull()
  expect(Taro.request).toHaveBeenCalledTimes(2)
})

it('shows the server-side error message for an HTTP error', async () => {
  mockRequest(() => jsonResponse(500, { code: 'INTERNAL', message: 'boom' }))
  render(<ReportPage />)
  expect(await screen.findByText('服务暂时不可用，请稍后再试')).toBeTruthy()
})
