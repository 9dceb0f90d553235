import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
// NutUI on demand (babel-plugin-import): only Steps/Step and their CSS land in this subpackage.
import { Step, Steps } from '@nutui/nutui-react-taro'
import { useEffect } from 'react'
import LiveRegion, { useAnnouncer } from '@/components/LiveRegion'
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
  // Read out once the page is there (a region filled before it exists is not announced).
  const { announcement, announce } = useAnnouncer()
  useEffect(() => {
    announce(followed ? `已关注该问题，工单编号${number}` : `上报成功，工单编号${number}${dueAt ? `，${dueLabel(dueAt)}前处置` : ''}`)
  }, [announce, followed, number, dueAt])

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
      {!followed && (
        <View className="card success-next" aria-label="接下来的处理流程">
          <Text className="success-next__title">接下来</Text>
          <Steps value={1} direction="vertical">
            <Step value={1} title="已提交" description="工单已进入城管工单平台" />
            <Step value={2} title="受理派遣" description="网格调度员派给就近的作业人员" />
            <Step value={3} title="现场处置" description="处置后上传整改照片" />
            <Step value={4} title="评价办结" description="你可以评价，不满意可申请复核" />
          </Steps>
        </View>
      )}
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
      <LiveRegion announcement={announcement} />
    </PageShell>
  )
}
