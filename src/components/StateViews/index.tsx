/**
 * The three states a data page goes through besides "loaded": loading, failed (with retry)
 * and empty (with an optional next step). Marks are text, not images, so they cost nothing
 * and work offline (NutUI's Empty loads its pictures from the internet).
 */
import { View, Text } from '@tarojs/components'
import ActionButton from '@/components/ActionButton'
import './index.scss'
import { roleProps } from '@/utils/a11y'

export function LoadingView({ text = '加载中…' }: { text?: string }) {
  return (
    <View className="state-view" {...roleProps('status')} aria-live="polite">
      <Text className="state-view__text">{text}</Text>
    </View>
  )
}

export function ErrorView({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <View className="state-view" {...roleProps('alert')}>
      <View className="state-view__mark state-view__mark--error" aria-hidden>
        !
      </View>
      <Text className="state-view__text state-view__text--error">{message}</Text>
      <ActionButton className="state-view__action" onClick={onRetry}>
        重新加载
      </ActionButton>
    </View>
  )
}

interface EmptyViewProps {
  text: string
  /** A second, quieter line (e.g. which area the app serves). */
  hint?: string
  actionText?: string
  onAction?: () => void
}

export function EmptyView({ text, hint, actionText, onAction }: EmptyViewProps) {
  return (
    <View className="state-view">
      <View className="state-view__mark" aria-hidden>
        ○
      </View>
      <Text className="state-view__text">{text}</Text>
      {hint && <Text className="state-view__hint">{hint}</Text>}
      {actionText && onAction && (
        <ActionButton className="state-view__action" onClick={onAction}>
          {actionText}
        </ActionButton>
      )}
    </View>
  )
}
