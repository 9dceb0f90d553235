/** The 附近设施 and 我的工单 tabs (district figures from /api/health), and large-text mode. */
import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import type { Health } from '@/contract/schemas'
import FacilitiesPage from '@/pages/facilities/index'
import TicketsPage from '@/pages/tickets/index'
import { jsonResponse, mockRequest } from './stubs/taro'

function health(counts: Partial<Health['counts']> = {}): Health {
  return {
    status: 'ok',
    version: '0.1.0',
    district: '广州市白云区',
    time: '2025-01-01T00:00:00.000Z',
    counts: { categories: 12, facilities: 0, tickets: 0, ...counts },
  }
}

beforeEach(() => jest.clearAllMocks())

describe('附近设施', () => {
  it('says facility data is coming when there is none yet', async () => {
    mockRequest(() => jsonResponse(200, health()))
    render(<FacilitiesPage />)
    expect(await screen.findByText('设施数据即将上线')).toBeTruthy()
    expect(screen.getByText('服务区域：广州市白云区')).toBeTruthy()
  })

  it('shows how many facilities the district has', async () => {
    mockRequest(() => jsonResponse(200, health({ facilities: 321 })))
    render(<FacilitiesPage />)
    expect(await screen.findByText('321')).toBeTruthy()
    expect(screen.getByText('广州市白云区')).toBeTruthy()
  })
})

describe('我的工单', () => {
  it('shows the district total and sends the resident to the 上报 tab', async () => {
    mockRequest(() => jsonResponse(200, health({ tickets: 58 })))
    render(<TicketsPage />)
    expect(await screen.findByText('58')).toBeTruthy()
    expect(screen.getByText('还没有上报记录')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: '去上报问题' }))

    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/report/index' })
  })

  it('shows the Chinese error when the backend is unreachable', async () => {
    mockRequest(() => {
      throw { errMsg: 'request:fail' }
    })
    render(<TicketsPage />)
    expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy()
  })
})

describe('large-text mode', () => {
  it('follows WeChat font scaling', async () => {
    ;(Taro.getAppBaseInfo as jest.Mock).mockReturnValueOnce({ fontSizeScaleFactor: 1.4 })
    mockRequest(() => jsonResponse(200, health()))
    const { container } = render(<FacilitiesPage />)
    await screen.findByText('设施数据即将上线')
    expect(container.firstElementChild?.className).toBe('page page--large-text')
  })

  it('stays normal at the default size', async () => {
    mockRequest(() => jsonResponse(200, health()))
    const { container } = render(<FacilitiesPage />)
    await screen.findByText('设施数据即将上线')
    expect(container.firstElementChild?.className).toBe('page')
  })
})
