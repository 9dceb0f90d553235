import type { PropsWithChildren } from 'react'
import { View } from '@tarojs/components'
import { useLargeText } from '@/hooks/useLargeText'

/** Every page's root: page padding, and the large-text class when the resident enlarged fonts. */
export default function PageShell({ children }: PropsWithChildren) {
  const largeText = useLargeText()
  return <View className={largeText ? 'page page--large-text' : 'page'}>{children}</View>
}
