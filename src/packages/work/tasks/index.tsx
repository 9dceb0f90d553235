import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Button, Text, View } from '@tarojs/components'
import type { WorkerMe, WorkTask } from '@contract/work'
import PageShell from '@/components/PageShell'
import { EmptyView, ErrorView, LoadingView } from '@/components/StateViews'
import { lastKnownLocation, useLocation } from '@/hooks/useLocation'
import { toApiError } from '@/services/apiError'
import { roleProps } from '@/utils/a11y'
import { fetchTasks, setDuty } from '../lib/api'
import { distanceText, timeLeftText, WORK_STATUS_LABELS } from '../lib/format'
import { taskUrl, useWorkerGuard } from '../lib/guard'
import { workOutbox } from '../lib/outbox'
import { seenTaskIds } from '../lib/seen'
import { startTracking, stopTracking, trackingMode, type TrackingMode } from '../lib/tracking'
import './index.scss'

/** New tasks show up within this while the list is open. */
const POLL_MS = 30_000

const TRACKING_TEXT: Record<TrackingMode, string> = {
  background: '上班中 · 正在上报位置（含后台）',
  foreground: '上班中 · 小程序打开时上报位置',
  off: '上班中 · 未能开启定位，请检查定位权限',
}

function TaskCard({ task, fresh }: { task: WorkTask; fresh: boolean }) {
  const urgent = task.secondsLeft < 3600
  return (
    <View
      className="card task-card"
      hoverClass="task-card--pressed"
      {...roleProps('link')}
      onClick={() => void Taro.navigateTo({ url: taskUrl(task.id) })}
    >
      {/* The card's name is its visible text, in reading order (axe label-content-name-mismatch). */}
      <View className="task-card__head">
        <Text className="task-card__category">{task.categoryName}</Text>
        {fresh && <Text className="task-card__new" aria-label="新任务">新</Text>}
        <Text className={`task-card__status task-card__status--${task.status}`}>{WORK_STATUS_LABELS[task.status]}</Text>
      </View>
      <Text className="task-card__address">{task.addressText}</Text>
      <View className="task-card__meta">
        <Text className={task.overdue ? 'task-card__left task-card__left--overdue' : urgent ? 'task-card__left task-card__left--urgent' : 'task-card__left'}>
          {timeLeftText(task.secondsLeft)}
        </Text>
        <Text className="task-card__distance">{distanceText(task.distanceMeters)}</Text>
      </View>
      <Text className="task-card__number">{task.number}</Text>
    </View>
  )
}

/** 我的任务: my dispatched and in-progress tickets, least time left first; 上班/下班 with position reporting. */
export default function TasksPage() {
  const guard = useWorkerGuard()
  const { locate } = useLocation()
  const [tasks, setTasks] = useState<WorkTask[] | null>(null)
  const [me, setMe] = useState<WorkerMe | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [arrived, setArrived] = useState(0)
  const [pending, setPending] = useState(0)
  const [tracking, setTracking] = useState<TrackingMode>(trackingMode())
  const [seen, setSeen] = useState(() => seenTaskIds())
  const known = useRef<Set<number> | null>(null)

  const load = useCallback(async () => {
    try {
      const list = await fetchTasks(lastKnownLocation())
      const ids = list.items.map((task) => task.id)
      if (known.current) {
        const fresh = ids.filter((id) => !known.current!.has(id)).length
        if (fresh) setArrived((count) => count + fresh)
      }
      known.current = new Set(ids)
      setTasks(list.items)
      setMe(list.me)
      setSeen(seenTaskIds())
      setError(null)
      // On duty on the server but not reporting here (the app was restarted): resume.
      if (list.me.onDuty && trackingMode() === 'off') setTracking(await startTracking())
    } catch (failure) {
      setError(toApiError(failure).message)
    }
  }, [])

  useEffect(() => {
    if (guard) return
    void locate().then(() => load())
    const timer = setInterval(() => void load(), POLL_MS)
    return () => clearInterval(timer)
  }, [guard, locate, load])

  // Back from a task (started, resolved) or the outbox sent something: reload. The first load waits for the position.
  const shownBefore = useRef(false)
  useDidShow(() => {
    if (guard) return
    const outbox = workOutbox()
    setPending(outbox.items().length)
    const reload = shownBefore.current
    shownBefore.current = true
    void outbox.flush().then(() => {
      setPending(outbox.items().length)
      return reload ? load() : undefined
    })
  })
  useDidHide(() => setArrived(0))

  usePullDownRefresh(() => {
    setArrived(0)
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  if (guard) return <PageShell>{guard}</PageShell>

  const toggleDuty = async () => {
    if (!me) return
    try {
      const next = await setDuty(!me.onDuty)
      setMe(next)
      if (next.onDuty) setTracking(await startTracking())
      else {
        await stopTracking()
        setTracking('off')
      }
      void Taro.showToast({ title: next.onDuty ? '已上班' : '已下班，停止上报位置', icon: 'none' })
    } catch (failure) {
      void Taro.showToast({ title: toApiError(failure).message, icon: 'none' })
    }
  }

  return (
    <PageShell>
      {me && (
        <View className="card duty-card">
          <View className="duty-card__who">
            <Text className="duty-card__name">{me.name}</Text>
            <Text className="duty-card__number">工号 {me.number}</Text>
          </View>
          <Text className="duty-card__state">{me.onDuty ? TRACKING_TEXT[tracking] : '已下班 · 不再派单，不上报位置'}</Text>
          <Button
            {...roleProps('switch')}
            aria-checked={me.onDuty}
            aria-label={me.onDuty ? '下班' : '上班'}
            className={me.onDuty ? 'duty-card__toggle duty-card__toggle--on' : 'duty-card__toggle'}
            onClick={() => void toggleDuty()}
          >
            {me.onDuty ? '下班' : '上班'}
          </Button>
        </View>
      )}

      {arrived > 0 && (
        <View className="task-arrived" {...roleProps('status')} aria-live="polite">
          有{arrived}个新任务
        </View>
      )}
      {pending > 0 && (
        <View className="task-pending" {...roleProps('status')}>
          {pending}条处置结果待发送，联网后自动发送
        </View>
      )}

      {error ? (
        <ErrorView message={error} onRetry={() => void load()} />
      ) : tasks === null ? (
        <LoadingView text="正在加载任务…" />
      ) : tasks.length === 0 ? (
        <EmptyView text="暂无待处置的任务" hint="新派遣的工单会出现在这里，下拉可刷新" />
      ) : (
        <View className="task-list" {...roleProps('group')} aria-label="我的任务">
          {tasks.map((task) => (
            <TaskCard key={task.id} task={task} fresh={!seen.has(task.id)} />
          ))}
        </View>
      )}
    </PageShell>
  )
}
