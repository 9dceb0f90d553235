import Taro from '@tarojs/taro'
import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { BINDING_CODE_LENGTH, normalizeBindingCode } from '@contract/work-limits'
import ActionButton from '@/components/ActionButton'
import PageShell from '@/components/PageShell'
import { LoadingView } from '@/components/StateViews'
import { useAuth } from '@/hooks/useAuth'
import { toApiError } from '@/services/apiError'
import { roleProps } from '@/utils/a11y'
import { bindWorker } from '../lib/api'
import { TASKS_URL } from '../lib/guard'
import './index.scss'

/** 我是作业人员: bind this WeChat account to my worker record with the dispatcher's one-time code. */
export default function BindPage() {
  const { user, ready } = useAuth()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)

  if (!ready) return <PageShell><LoadingView text="正在登录…" /></PageShell>
  if (user?.role === 'worker') {
    return (
      <PageShell>
        <View className="card bind-card">
          <Text className="bind-card__title">您已是作业人员</Text>
          <ActionButton onClick={() => void Taro.redirectTo({ url: TASKS_URL })}>查看我的任务</ActionButton>
        </View>
      </PageShell>
    )
  }

  const submit = async () => {
    const value = code.trim()
    if (!value) {
      setError('请输入绑定码')
      return
    }
    if (!value.startsWith('dev:') && normalizeBindingCode(value).length !== BINDING_CODE_LENGTH) {
      setError(`绑定码为${BINDING_CODE_LENGTH}位字母或数字`)
      return
    }
    setSending(true)
    setError(null)
    try {
      const session = await bindWorker(value)
      void Taro.showToast({ title: `绑定成功：${session.user.displayName}`, icon: 'none' })
      void Taro.redirectTo({ url: TASKS_URL })
    } catch (failure) {
      const apiError = toApiError(failure)
      setError(apiError.code === 'VALIDATION_FAILED' ? '绑定码不正确，请核对后重试' : apiError.message)
    } finally {
      setSending(false)
    }
  }

  return (
    <PageShell>
      <View className="card bind-card">
        <Text className="bind-card__title">绑定作业人员身份</Text>
        <Text className="bind-card__hint">请向调度员获取{BINDING_CODE_LENGTH}位绑定码（24小时内有效，只能使用一次）。绑定后用本微信登录即为作业人员，仍可上报问题。</Text>
        <Input
          className="bind-card__input"
          value={code}
          maxlength={32}
          placeholder="输入绑定码"
          aria-label="绑定码"
          onInput={(event) => setCode(event.detail.value)}
          onConfirm={() => void submit()}
        />
        {error && (
          <Text className="bind-card__error" {...roleProps('alert')}>
            {error}
          </Text>
        )}
        <ActionButton onClick={() => void (sending ? undefined : submit())}>{sending ? '正在绑定…' : '绑定'}</ActionButton>
      </View>
    </PageShell>
  )
}
