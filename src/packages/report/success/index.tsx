import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/PageShell'
import { roleProps } from '@/utils/a11y'
import { dueLabel, fromNowLabel } from '../lib/dates'
import './index.scss'

type SuccessParams = Partial<Record<'id' | 'number' | 'dueAt' | 'followed', string>>

/** After filing (ticket number and due time) or after 我也遇到 (following an existing ticket). */
export default function ReportSuccessPage() {
  const { params } = useRouter<SuccessParams>()
  const number = decodeURIComponent(params.number ?? '')
  const dueAt = params.dueAt ? decodeURIComponent(params.dueAt) : undefined
  const followed = params.followed === '1'

  return (
    <PageShell>
      <View className="card success-card" {...roleProps('status')}>
        <View className="success-card__mark" aria-hidden>
          ✓
        </View>
        <Text className="success-card__title">{followed ? '已关注该问题' : '上报成功'}</Text>
        <Text className="success-card__label">工单编号</Text>
        <Text className="success-card__number">{number}</Text>
        {!followed && dueAt && (
          <View className="success-card__due">
            <Text className="success-card__label">处置时限</Text>
            <Text className="success-card__due-time">{dueLabel(dueAt)}前</Text>
            <Text className="success-card__hint">（{fromNowLabel(dueAt)}）</Text>
          </View>
        )}
        <Text className="success-card__text">
          {followed ? '已记录你也遇到了这个问题，处理进展会通知你。' : '我们会尽快派人处理，处理进展会通知你。'}
        </Text>
      </View>
      <View className="success-actions">
        {params.id && (
          <Button {...roleProps('button')}
            className="success-actions__primary"
            hoverClass="success-actions__primary--pressed"
            onClick={() => Taro.redirectTo({ url: `/packages/ticket/detail/index?id=${params.id}` })}
          >
            查看工单
          </Button>
        )}
        <Button {...roleProps('button')} className="success-actions__secondary" onClick={() => Taro.switchTab({ url: '/pages/report/index' })}>
          继续上报
        </Button>
        <Button {...roleProps('button')} className="success-actions__secondary" onClick={() => Taro.switchTab({ url: '/pages/tickets/index' })}>
          我的工单
        </Button>
      </View>
    </PageShell>
  )
}
