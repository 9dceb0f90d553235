import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import FontMeta from '@/components/ElderMode/FontMeta'
import { useElderMode, useLargeText } from '@/hooks/useLargeText'

/**
 * Every page's root: page padding, the root font (FontMeta: WeChat's font size, × 1.5 in 长辈版;
 * weapp, the page's config has enablePageMeta) and the large-text / 长辈版 classes (hooks/useLargeText).
 */
export default function PageShell({ children }: PropsWithChildren) {
  const largeText = useLargeText()
  const elder = useElderMode()
  const className = elder ? 'page page--large-text page--elder' : largeText ? 'page page--large-text' : 'page'
  return (
    <>
      <FontMeta />
      <View className={className}>{children}</View>
    </>
  )
}
