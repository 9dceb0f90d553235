/**
 * Large text and 长辈版 (#16), one mechanism for both: every size written with styles/tokens.scss
 * `font()` and `target()` follows the page's root font on weapp (rem; components/ElderMode/FontMeta
 * sets it to WeChat's font size × 1.5 in 长辈版) and `--fs` on H5. PageShell adds the classes the
 * layouts read: `page--large-text` when the resident enlarged WeChat's font size (关怀模式 or a
 * large system font: 2 columns of categories), `page--elder` (H5 text ×1.5: 12 px becomes 18 px at
 * 375 wide; targets 60 × 60 on both) when 长辈版 is on. 长辈版 is remembered on the device (Taro storage) and
 * offered once, at first start, to residents whose WeChat font is large. H5 has no font setting.
 */
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'

const LARGE_TEXT_FROM = 1.15
/** 长辈版's text factor: weapp's root font (components/ElderMode/FontMeta); H5's --fs in app.scss is the same 1.5. */
export const ELDER_SCALE = 1.5
export const ELDER_KEY = 'ybs.elderMode'

/** WeChat reports fontSizeScaleFactor (newer base libraries) or fontSizeSetting in px (16 = normal). */
export function readFontScale(): number {
  try {
    const info = Taro.getAppBaseInfo?.() as { fontSizeScaleFactor?: number; fontSizeSetting?: number } | undefined
    if (info?.fontSizeScaleFactor) return info.fontSizeScaleFactor
    if (info?.fontSizeSetting) return info.fontSizeSetting / 16
  } catch {
    // Not available on this platform (H5): normal size.
  }
  return 1
}

export function useLargeText(): boolean {
  const [large] = useState(() => readFontScale() >= LARGE_TEXT_FROM)
  return large
}

const stored = (): string => {
  try {
    return String(Taro.getStorageSync(ELDER_KEY) ?? '')
  } catch {
    return ''
  }
}

let elder: boolean | undefined
const listeners = new Set<(on: boolean) => void>()

export const isElderMode = (): boolean => (elder ??= stored() === '1')

/** Turn 长辈版 on or off on this device; every open page follows. */
export function setElderMode(on: boolean): void {
  elder = on
  Taro.setStorageSync(ELDER_KEY, on ? '1' : '0')
  listeners.forEach((listener) => listener(on))
  if (process.env.TARO_ENV === 'h5') document.documentElement.classList.toggle('elder', on)
}

/** First start with a large WeChat font and no choice made yet: offer 长辈版 once. */
export const shouldOfferElderMode = (): boolean => stored() === '' && readFontScale() >= LARGE_TEXT_FROM

export function useElderMode(): boolean {
  const [on, setOn] = useState(isElderMode)
  useEffect(() => {
    listeners.add(setOn)
    // H5: the tab bar lives outside the page; the class on <html> lets app.scss reach it.
    if (process.env.TARO_ENV === 'h5') document.documentElement.classList.toggle('elder', isElderMode())
    return () => void listeners.delete(setOn)
  }, [])
  return on
}
