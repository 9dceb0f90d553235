/** Worker pages are for workers only: a resident (or a dispatcher) sees how to bind instead. */
import Taro from '@tarojs/taro'
import { EmptyView, LoadingView } from '@/components/StateViews'
import { useAuth } from '@/hooks/useAuth'

export const BIND_URL = '/packages/work/bind/index'
export const TASKS_URL = '/packages/work/tasks/index'
export const taskUrl = (id: number) => `/packages/work/task/index?id=${id}`

/** null when the signed-in user is a worker; otherwise what the page shows instead. */
export function useWorkerGuard(): JSX.Element | null {
  const { user, ready } = useAuth()
  if (!ready) return <LoadingView text="正在登录…" />
  if (user?.role === 'worker') return null
  return (
    <EmptyView
      text="此页面仅供作业人员使用"
      hint="作业人员请先用调度员提供的绑定码完成绑定"
      actionText={user?.role === 'resident' ? '去绑定' : undefined}
      onAction={() => void Taro.redirectTo({ url: BIND_URL })}
    />
  )
}
