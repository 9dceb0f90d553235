/**
 * WeChat's own font setting (#16): the page's root font (page-meta root-font-size) is WeChat's
 * `fontSizeSetting` in px, so everything written in rem follows 设置 › 通用 › 字体大小 exactly
 * (1rem = 16/17 px normally, ~24 px in 关怀模式). rpx cannot follow it (it scales with the
 * screen width only): the sizes that must follow are written in rem under `#ifdef weapp` in the
 * page's stylesheet; the rest follows through --fs (useLargeText). The page needs
 * `enablePageMeta: true` in its config, and this must be the page's first node.
 * H5 has no such setting (the browser's own zoom applies), and Taro's H5 root font is its
 * rem-from-px base: nothing is rendered there.
 */
import Taro from '@tarojs/taro'
import { PageMeta } from '@tarojs/components'

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

export default function FontMeta() {
  if (process.env.TARO_ENV !== 'weapp') return null
  return <PageMeta rootFontSize={`${wechatFontPx()}px`} />
}
