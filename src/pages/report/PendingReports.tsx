import { useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { DRAFT_STORAGE_KEY, draftHasContent, type ReportDraft } from '@/domain/report/draft'
import { reportOutbox } from '@/domain/report/outbox'
import { roleProps } from '@/utils/a11y'

export const FORM_URL = '/packages/report/form/index'
export const OUTBOX_URL = '/packages/report/outbox/index'

function storedDraft(): ReportDraft | null {
  const draft = Taro.getStorageSync(DRAFT_STORAGE_KEY) as ReportDraft | ''
  return draft && draftHasContent(draft) ? draft : null
}

/** What the resident left unfinished: a draft to continue, reports waiting in the outbox. */
export default function PendingReports() {
  const [draft, setDraft] = useState(storedDraft)
  const [outboxCount, setOutboxCount] = useState(() => reportOutbox().items().length)

  useDidShow(() => {
    setDraft(storedDraft())
    setOutboxCount(reportOutbox().items().length)
  })
  useEffect(() => reportOutbox().subscribe((items) => setOutboxCount(items.length)), [])

  if (!draft && outboxCount === 0) return null
  return (
    <View className="pending-reports">
      {draft && (
        <View
          className="card pending-card"
          hoverClass="pending-card--pressed"
          {...roleProps('button')}
          aria-label={`继续填写未完成的上报${draft.categoryName ? `：${draft.categoryName}` : ''}`}
          onClick={() => Taro.navigateTo({ url: FORM_URL })}
        >
          <Text className="pending-card__title">继续填写未完成的上报</Text>
          <Text className="pending-card__hint">{draft.categoryName ?? '草稿'} · 已自动保存</Text>
        </View>
      )}
      {outboxCount > 0 && (
        <View
          className="card pending-card pending-card--outbox"
          hoverClass="pending-card--pressed"
          {...roleProps('button')}
          aria-label={`待发送的上报，${outboxCount}条`}
          onClick={() => Taro.navigateTo({ url: OUTBOX_URL })}
        >
          <Text className="pending-card__title">待发送的上报</Text>
          <Text className="pending-card__count">{outboxCount}</Text>
          <Text className="pending-card__hint">网络恢复后自动发送，点此查看</Text>
        </View>
      )}
    </View>
  )
}
