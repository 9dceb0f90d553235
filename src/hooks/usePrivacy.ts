/**
 * WeChat privacy consent (隐私保护指引). Since base library 2.32.3 every privacy API (location,
 * photos…) fails with errno 112 until the resident agrees; WeChat then raises
 * `onNeedPrivacyAuthorization` and waits for our popup (components/PrivacyConsent) to answer.
 *
 * - `ensurePrivacyConsent()`: call before getLocation / chooseMedia; resolves true when the
 *   resident agreed (now or earlier), false when they declined. Never throws.
 * - `usePrivacyRequest()`: what PrivacyConsent renders from (the pending request, agree, decline).
 *
 * H5: a no-op that resolves true. The browser asks for each permission itself (geolocation
 * prompt, file picker), and the app stores nothing about the resident before they act.
 */
import { useEffect, useState } from 'react'

type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void

interface WxPrivacyApi {
  onNeedPrivacyAuthorization?: (listener: (resolve: Resolve, info: { referrer?: string }) => void) => void
  requirePrivacyAuthorize?: (options: { success: () => void; fail: (error: { errMsg?: string }) => void }) => void
  getPrivacySetting?: (options: { success: (result: { needAuthorization: boolean; privacyContractName?: string }) => void; fail: () => void }) => void
  openPrivacyContract?: (options?: object) => void
}
declare const wx: WxPrivacyApi | undefined

/** The id of the agree button: WeChat checks that this very button was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

export interface PrivacyRequest {
  /** Name of the mini-program's privacy guide, e.g. 《云报事小程序隐私保护指引》. */
  contractName: string
}

let pendingResolve: Resolve | null = null
let currentRequest: PrivacyRequest | null = null
const listeners = new Set<(request: PrivacyRequest | null) => void>()
/** The wx the handler is registered on (WeChat keeps only the last handler: register once). */
let installedOn: WxPrivacyApi | undefined

function wxApi(): WxPrivacyApi | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined
  return typeof wx === 'undefined' ? undefined : wx
}

function publish(request: PrivacyRequest | null) {
  currentRequest = request
  for (const listener of listeners) listener(request)
}

/** Registers the one global handler (idempotent). */
export function installPrivacyHandler(): void {
  const api = wxApi()
  if (!api?.onNeedPrivacyAuthorization || installedOn === api) return
  installedOn = api
  api.onNeedPrivacyAuthorization((resolve) => {
    pendingResolve = resolve
    publish({ contractName: currentRequest?.contractName ?? '《隐私保护指引》' })
    // Fill in the real guide name when WeChat tells us.
    api.getPrivacySetting?.({
      success: ({ privacyContractName }) => privacyContractName && pendingResolve && publish({ contractName: privacyContractName }),
      fail: () => undefined,
    })
  })
}

/** The resident tapped the agree button (open-type agreePrivacyAuthorization). */
export function agreePrivacy(): void {
  pendingResolve?.({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })
  pendingResolve = null
  publish(null)
}

export function declinePrivacy(): void {
  pendingResolve?.({ event: 'disagree' })
  pendingResolve = null
  publish(null)
}

/** Asks for consent when WeChat still needs it; true when the resident has agreed. */
export function ensurePrivacyConsent(): Promise<boolean> {
  const api = wxApi()
  if (!api?.requirePrivacyAuthorize) return Promise.resolve(true) // H5, or a base library without the privacy flow
  installPrivacyHandler()
  return new Promise((resolve) => {
    api.requirePrivacyAuthorize!({ success: () => resolve(true), fail: () => resolve(false) })
  })
}

/** True when an error from a WeChat API means "privacy consent missing" (errno 112). */
export function isPrivacyError(error: unknown): boolean {
  const { errno, errMsg } = (error ?? {}) as { errno?: number; errMsg?: string }
  return errno === 112 || /privacy/i.test(errMsg ?? '')
}

/** The pending consent request for PrivacyConsent to show (null when none). */
export function usePrivacyRequest(): { request: PrivacyRequest | null; agree: () => void; decline: () => void } {
  const [request, setRequest] = useState(currentRequest)
  useEffect(() => {
    installPrivacyHandler()
    listeners.add(setRequest)
    setRequest(currentRequest)
    return () => {
      listeners.delete(setRequest)
    }
  }, [])
  return { request, agree: agreePrivacy, decline: declinePrivacy }
}

/** Opens the privacy guide itself (weapp), from the popup's link. */
export function openPrivacyContract(): void {
  wxApi()?.openPrivacyContract?.()
}
