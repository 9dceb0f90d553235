/**
 * Large-text (care) mode: true when the resident enlarged WeChat's font size. Pages add the
 * `page--large-text` class, which raises `--fs` (see styles/tokens.scss) so text grows ×1.4 and
 * touch targets grow with it. H5 has no such setting; the browser's own zoom applies there.
 */
import Taro from '@tarojs/taro'
import { useState } from 'react'

const LARGE_TEXT_FROM = 1.15

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
