/** Large-text mode: every tab page follows WeChat's font scaling (care mode ≈ ×1.4). */
import { render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import ReportPage from '@/pages/report/index'
import { jsonResponse, mockRequest } from './stubs/taro'

const CATEGORY = {
  id: 'exposed_garbage',
  name: '暴露垃圾',
  group: 'environment',
  groupName: '环境卫生',
  icon: 'garbage',
  description: '散落垃圾',
  slaHours: 2,
  quickPhrases: [],
}

beforeEach(() => {
  jest.clearAllMocks()
  mockRequest(() => jsonResponse(200, { items: [CATEGORY] }))
})

it('switches to large text when WeChat scales fonts up', async () => {
  ;(Taro.getAppBaseInfo as jest.Mock).mockReturnValueOnce({ fontSizeScaleFactor: 1.4 })
  const { container } = render(<ReportPage />)
  await screen.findByText('暴露垃圾')
  expect(container.firstElementChild?.className).toContain('page--large-text')
})

it('stays normal at the default size', async () => {
  const { container } = render(<ReportPage />)
  await screen.findByText('暴露垃圾')
  expect(container.firstElementChild?.className).not.toContain('page--large-text')
})
