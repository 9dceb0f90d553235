import { useMemo, useState } from 'react'
import { Text } from '@tarojs/components'
import type { Category } from '@/contract/schemas'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { useRequest } from '@/hooks/useRequest'
import { groupCategories, listCategories } from '@/services/categories'
import CategoryDetail from './CategoryDetail'
import CategoryGrid from './CategoryGrid'
import './index.scss'

/** 上报 tab: pick what kind of problem you saw. */
export default function ReportPage() {
  const { data: categories, error, loading, reload } = useRequest(listCategories)
  const [selected, setSelected] = useState<Category>()
  const groups = useMemo(() => groupCategories(categories ?? []), [categories])

  return (
    <PageShell>
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
          selectedId={selected?.id}
          onSelect={setSelected}
          detail={selected && <CategoryDetail category={selected} />}
        />
      )}
    </PageShell>
  )
}
