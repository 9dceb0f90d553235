import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { useRequest } from '@/hooks/useRequest'
import { getHealth } from '@/services/health'

const goReport = () => Taro.switchTab({ url: '/pages/report/index' })

/** 我的工单 tab. Until sign-in and the ticket list exist: district totals and a way to report. */
export default function TicketsPage() {
  const { data: health, error, loading, reload } = useRequest(getHealth)

  return (
    <PageShell>
      {error ? (
        <ErrorView message={error.message} onRetry={reload} />
      ) : loading || !health ? (
        <LoadingView />
      ) : (
        <View>
          <View className="card summary-card" aria-label={`${health.district}累计受理${health.counts.tickets}件工单`}>
            <Text className="summary-card__label">{health.district}累计受理</Text>
            <View className="summary-card__figure">
              <Text className="summary-card__number">{health.counts.tickets}</Text>
              <Text className="summary-card__unit">件工单</Text>
            </View>
          </View>
          <EmptyView text="还没有上报记录" actionText="去上报问题" onAction={goReport} />
        </View>
      )}
    </PageShell>
  )
}
