/**
 * The WeChat privacy flow: location and photo APIs wait until the resident agrees in OUR popup.
 * WeChat raises onNeedPrivacyAuthorization; the popup explains in Chinese; agreeing resolves the
 * pending request with the agree button's id, declining makes ensurePrivacyConsent() false.
 * On H5 nothing is asked.
 */
import { act, fireEvent, render, screen } from '@testing-library/react'
import PrivacyConsent from '@/components/PrivacyConsent'
import * as privacy from '@/hooks/usePrivacy'

type Resolve = (result: { event: string; buttonId?: string }) => void

function fakeWx() {
  let needAuthorization: ((resolve: Resolve) => void) | undefined
  const resolutions: Array<{ event: string; buttonId?: string }> = []
  const wx = {
    onNeedPrivacyAuthorization: jest.fn((listener: (resolve: Resolve) => void) => {
      needAuthorization = listener
    }),
    getPrivacySetting: jest.fn(({ success }) => success({ needAuthorization: true, privacyContractName: '《云报事小程序隐私保护指引》' })),
    // Like WeChat: requirePrivacyAuthorize raises the event and completes when our popup answers.
    requirePrivacyAuthorize: jest.fn(({ success, fail }) => {
      needAuthorization?.((result) => {
        resolutions.push(result)
        if (result.event === 'agree') success()
        else fail({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' })
      })
    }),
    openPrivacyContract: jest.fn(),
  }
  return { wx, resolutions }
}

const originalEnv = process.env.TARO_ENV
afterEach(() => {
  process.env.TARO_ENV = originalEnv
  delete (globalThis as { wx?: unknown }).wx
})

it('on weapp: shows the Chinese explanation, and agreeing lets the pending call continue', async () => {
  process.env.TARO_ENV = 'weapp'
  const { wx, resolutions } = fakeWx()
  Object.assign(globalThis, { wx })
  render(<PrivacyConsent />)
  expect(screen.queryByText('隐私保护提示')).toBeNull()

  let consent: Promise<boolean> = Promise.resolve(false)
  act(() => {
    consent = privacy.ensurePrivacyConsent()
  })

  expect(await screen.findByText('隐私保护提示')).toBeTruthy()
  expect(screen.getByText(/需要使用你的位置信息和相册\/相机/)).toBeTruthy()
  expect(screen.getByText('《云报事小程序隐私保护指引》')).toBeTruthy()
  const agree = screen.getByRole('button', { name: '同意并继续' })
  expect(agree.id).toBe(privacy.PRIVACY_AGREE_BUTTON_ID)

  // WeChat calls bindagreeprivacyauthorization after the open-type button is tapped.
  act(() => privacy.agreePrivacy())

  await expect(consent).resolves.toBe(true)
  expect(resolutions).toEqual([{ event: 'agree', buttonId: 'privacy-agree' }])
  expect(screen.queryByText('隐私保护提示')).toBeNull()
  expect(wx.onNeedPrivacyAuthorization).toHaveBeenCalledTimes(1)
})

it('on weapp: 暂不同意 declines, and the caller learns it', async () => {
  process.env.TARO_ENV = 'weapp'
  const { wx, resolutions } = fakeWx()
  Object.assign(globalThis, { wx })
  render(<PrivacyConsent />)

  let consent: Promise<boolean> = Promise.resolve(true)
  act(() => {
    consent = privacy.ensurePrivacyConsent()
  })
  fireEvent.click(await screen.findByRole('button', { name: '暂不同意' }))

  await expect(consent).resolves.toBe(false)
  expect(resolutions).toEqual([{ event: 'disagree' }])
  expect(screen.queryByText('隐私保护提示')).toBeNull()
})

it('on H5: asks nothing and resolves true', async () => {
  process.env.TARO_ENV = 'h5'
  const { wx } = fakeWx()
  Object.assign(globalThis, { wx })
  render(<PrivacyConsent />)

  await expect(privacy.ensurePrivacyConsent()).resolves.toBe(true)
  expect(wx.requirePrivacyAuthorize).not.toHaveBeenCalled()
  expect(screen.queryByText('隐私保护提示')).toBeNull()
})
