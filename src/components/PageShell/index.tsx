import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useElderMode, useLargeText } from '@/hooks/useLargeText'

/** Every page's root: page padding, and the large-text / 长辈版 class (see hooks/useLargeText). */
export default function PageShell({ children }: PropsWithChildren) {
  const largeText = useLargeText()
  const elder = useElderMode()
  const className = elder ? 'page page--large-text page--elder' : largeText ? 'page page--large-text' : 'page'
  return <View className={className}>{children}</View>
}
