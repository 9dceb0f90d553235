/**
 * Light stand-ins for @tarojs/components: each one is a plain DOM element that keeps what
 * tests look at (text, class, role, aria-*, data-*, clicks) and drops Taro-only props
 * (hoverClass, …) that React DOM would warn about. WeChat's `aria-role` becomes `role`,
 * so testing-library's role queries see what WeChat's screen reader would.
 */
import { createElement, type ReactNode } from 'react'

type Props = Record<string, unknown> & { children?: ReactNode }

const PASS_THROUGH = new Set(['className', 'style', 'id', 'role', 'onClick', 'disabled', 'src', 'alt', 'children'])

function domProps(props: Props): Props {
  return Object.fromEntries(
    Object.entries(props)
      .map(([name, value]) => [name === 'aria-role' ? 'role' : name, value] as const)
      .filter(([name]) => PASS_THROUGH.has(name) || name.startsWith('aria-') || name.startsWith('data-')),
  )
}

function host(tag: string, displayName: string) {
  const Component = (props: Props) => createElement(tag, domProps(props))
  Component.displayName = displayName
  return Component
}

export const View = host('div', 'View')
export const Text = host('span', 'Text')
export const Button = (props: Props) => createElement('button', { type: 'button', ...domProps(props) })
export const Image = host('img', 'Image')
export const ScrollView = host('div', 'ScrollView')
/** A text field that types like WeChat's: the value arrives as `onInput({ detail: { value } })`. */
function field(tag: 'input' | 'textarea', displayName: string) {
  const Component = ({ value, onInput, ...props }: Props & { value?: string; onInput?: (event: { detail: { value: string } }) => void }) =>
    createElement(tag, {
      ...domProps(props),
      value: value ?? '',
      onChange: (event: { target: { value: string } }) => onInput?.({ detail: { value: event.target.value } }),
    })
  Component.displayName = displayName
  return Component
}

export const Input = field('input', 'Input')
export const Textarea = field('textarea', 'Textarea')
export const Form = host('form', 'Form')
export const Label = host('label', 'Label')
export const Map = host('div', 'Map')
