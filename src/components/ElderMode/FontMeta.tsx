/**
 * The page's root font on weapp (#16), the one size every rem in our styles follows
 * (styles/tokens.scss `font()` and `target()`): page-meta root-font-size = WeChat's
 * `fontSizeSetting` in px (设置 › 通用 › 字体大小: 16/17 px normally, ~24 px in 关怀模式), × 1.5 in
 * 长辈版 (never under 16 × 1.5 = 24 px there, so its smallest text stays ≥ 18 px). So one set of
 * rules serves WeChat's setting, 长辈版 and both together; rpx cannot follow either (it scales with
 * the screen width only). PageShell renders it on every page; the page's config needs
 * `enablePageMeta: true` (the page's wxml then binds page-meta to Taro's `pageMeta` data, wherever
 * the node sits in the tree; config/plugins/page-meta keeps only root-font-size in that template).
 * H5 has no such setting (the browser's zoom applies) and Taro's H5 root font is its rem-from-px
 * base: nothing is rendered there, 长辈版 works through --fs.
 */
import Taro from '@tarojs/taro'
import { PageMeta } from '@tarojs/components'
import { ELDER_SCALE, useElderMode } from '@/hooks/useLargeText'

/** WeChat's font size in px: getAppBaseInfo (base library ≥ 2.20.1), else getSystemInfoSync; 16 if unknown. */
export function wechatFontPx(): number {
  const read = (get: (() => unknown) | undefined) => {
    try {
      const size = Number((get?.() as { fontSizeSetting?: unknown } | undefined)?.fontSizeSetting)
      return size > 0 ? size : undefined
    } catch {
      return undefined
    }
  }
  return read(Taro.getAppBaseInfo) ?? read(Taro.getSystemInfoSync) ?? 16
}

/** The root font in px: WeChat's, or in 长辈版 the larger of it and 16, × 1.5. */
export const rootFontPx = (elder: boolean): number => (elder ? Math.max(wechatFontPx(), 16) * ELDER_SCALE : wechatFontPx())

export default function FontMeta() {
  const elder = useElderMode()
  if (process.env.TARO_ENV !== 'weapp') return null
  return <PageMeta rootFontSize={`${rootFontPx(elder)}px`} />
}
