/**
 * Screen-reader role props for Taro components. Browsers read `role`; WeChat reads `aria-role`
 * (made to reach base.wxml by config/plugins/weapp-aria). TARO_ENV is a build-time constant,
 * so each build keeps only its own branch. On H5 a control's role also makes it focusable
 * (keyboard and switch users reach it; axe's scrollable-region-focusable, #16).
 */
const CONTROLS = ['button', 'link', 'tab', 'radio', 'checkbox', 'switch']

export function roleProps(role: string): Record<string, string> {
  if (process.env.TARO_ENV !== 'h5') return { 'aria-role': role }
  return CONTROLS.includes(role) ? { role, tabIndex: '0' } : { role }
}
