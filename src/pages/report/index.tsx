import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ElderOffer } from '@/components/ElderMode'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { useRequest } from '@/hooks/useRequest'
import { groupCategories, listCategories } from '@/services/categories'
import CategoryGrid from './CategoryGrid'
import PendingReports, { FORM_URL } from './PendingReports'
import './index.scss'

/** 上报 tab: pick what kind of problem you saw; the form opens in the report subpackage. */
export default function ReportPage() {
  const { data: categories, error, loading, reload } = useRequest(listCategories)
  const groups = useMemo(() => groupCategories(categories ?? []), [categories])

  return (
    <PageShell>
      {/* 长辈版 offered once, on the first screen, when WeChat's font is large (#16). */}
      <ElderOffer />
      <PendingReports />
      <View className="report-nearby" role="link" onClick={() => Taro.navigateTo({ url: '/packages/public/map/index' })}>
        看看附近的上报和处理情况 ›
      </View>
      <Text className="report-intro">请选择要上报的问题类型</Text>
      {error ? (
        <ErrorView message={error.message} onRetry={reload} />
      ) : loading && !categories ? (
        <LoadingView text="正在加载问题类型…" />
      ) : groups.length === 0 ? (
        <EmptyView text="暂无可上报的问题类型" />
      ) : (
        <CategoryGrid
          groups={groups}
          onSelect={(category) => Taro.navigateTo({ url: `${FORM_URL}?categoryId=${encodeURIComponent(category.id)}` })}
        />
      )}
    </PageShell>
  )
}
