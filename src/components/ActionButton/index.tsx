import type { ReactNode } from 'react'
import { Button } from '@tarojs/components'
import { roleProps } from '@/utils/a11y'
import './index.scss'

interface ActionButtonProps {
  children: ReactNode
  onClick: () => void
  className?: string
}

/**
 * The app's primary button: Taro's native button with our colours, ≥ 44 pt tall and growing with
 * large-text mode. (NutUI's Button looked the same but cost ~20 KB of the main package, see README.)
 */
export default function ActionButton({ children, onClick, className }: ActionButtonProps) {
  return (
    // Taro's H5 <Button> renders without a button role: screen readers would not announce it.
    <Button
      {...roleProps('button')}
      className={className ? `action-button ${className}` : 'action-button'}
      hoverClass="action-button--pressed"
      onClick={onClick}
    >
      {children}
    </Button>
  )
}
