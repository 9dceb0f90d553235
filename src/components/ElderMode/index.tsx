import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import ActionButton from '@/components/ActionButton'
import { setElderMode, shouldOfferElderMode, useElderMode } from '@/hooks/useLargeText'
import { roleProps } from '@/utils/a11y'

/** The 长辈版 switch (on 我的工单): remembered on this device. */
export function ElderSwitch() {
  const on = useElderMode()
  return (
    <View className="elder-switch card" {...roleProps('switch')} aria-checked={on} aria-label="长辈版，字更大、按钮更大" onClick={() => setElderMode(!on)}>
      <Text className="elder-switch__text" aria-hidden>
        长辈版
      </Text>
      <Text className="elder-switch__state" aria-hidden>
        {on ? '已开启' : '未开启'}
      </Text>
    </View>
  )
}

/** Offered once, at first start, when WeChat's font is large; either answer is remembered. */
export function ElderOffer() {
  const [open, setOpen] = useState(shouldOfferElderMode)
  if (!open) return null
  const answer = (on: boolean) => {
    setElderMode(on)
    setOpen(false)
  }
  return (
    <View className="elder-offer card" {...roleProps('region')} aria-label="长辈版">
      <Text className="elder-offer__text">您的微信字体较大，要打开长辈版吗？字和按钮会更大，以后可在“我的工单”里更改。</Text>
      <ActionButton onClick={() => answer(true)}>打开长辈版</ActionButton>
      <ActionButton className="action-button--secondary" onClick={() => answer(false)}>
        暂不需要
      </ActionButton>
    </View>
  )
}
