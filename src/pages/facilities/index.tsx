import { View, Text } from '@tarojs/components'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { useRequest } from '@/hooks/useRequest'
import { getHealth } from '@/services/health'

/** 附近设施 tab. For now a summary from /api/health; the map and list arrive with the facilities issue. */
export default function FacilitiesPage() {
  const { data: health, error, loading, reload } = useRequest(getHealth)

  return (
    <PageShell>
      {error ? (
        <ErrorView message={error.message} onRetry={reload} />
      ) : loading || !health ? (
        <LoadingView />
      ) : health.counts.facilities === 0 ? (
        <EmptyView text="设施数据即将上线" hint={`服务区域：${health.district}`} />
      ) : (
        <View className="card summary-card" aria-label={`${health.district}共有${health.counts.facilities}处公共设施`}>
          <Text className="summary-card__label">{health.district}</Text>
          <View className="summary-card__figure">
            <Text className="summary-card__number">{health.counts.facilities}</Text>
            <Text className="summary-card__unit">处公共设施</Text>
          </View>
          <Text className="summary-card__hint">公厕、垃圾投放点等设施的地图即将上线</Text>
        </View>
      )}
    </PageShell>
  )
}
