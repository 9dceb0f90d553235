import { useState } from 'react'
import { View, Text, Textarea } from '@tarojs/components'
import ActionButton from '@/components/ActionButton'
import { roleProps } from '@/utils/a11y'
import { REASON_MAX, validateAppealReason } from '../lib/rating'
import './form.scss'
import './AppealForm.scss'

interface AppealFormProps {
  onSubmit: (reason: string) => Promise<void>
  onCancel: () => void
}

/** 不满意，申请复核: the reason is required; the ticket then goes back to the dispatchers. */
export default function AppealForm({ onSubmit, onCancel }: AppealFormProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [sending, setSending] = useState(false)

  const submit = async () => {
    if (sending) return
    const problem = validateAppealReason(reason)
    setError(problem)
    if (problem) return
    setSending(true)
    try {
      await onSubmit(reason.trim())
    } finally {
      setSending(false)
    }
  }

  return (
    <View className="appeal-form">
      <Text className="form-label">申请复核的原因（必填）</Text>
      <Textarea
        className={error ? 'form-textarea form-textarea--error' : 'form-textarea'}
        value={reason}
        maxlength={REASON_MAX}
        placeholder="请描述问题还没有解决的地方，例如：垃圾仍未清理干净"
        aria-label="申请复核的原因"
        onInput={(event) => {
          setReason(event.detail.value)
          if (error) setError(validateAppealReason(event.detail.value))
        }}
      />
      {error && (
        <Text className="form-error" {...roleProps('alert')}>
          {error}
        </Text>
      )}
      <ActionButton className="form-submit form-submit--danger" onClick={() => void submit()}>
        {sending ? '正在提交…' : '提交复核申请'}
      </ActionButton>
      <View className="text-button" {...roleProps('button')} onClick={onCancel}>
        取消
      </View>
    </View>
  )
}
