/**
 * Screen-reader role props for Taro components. Browsers read `role`; WeChat reads `aria-role`
 * (made to reach base.wxml by config/plugins/weapp-aria). TARO_ENV is a build-time constant,
 * so each build keeps only its own branch.
 */
export function roleProps(role: string): Record<string, string> {
  return process.env.TARO_ENV === 'h5' ? { role } : { 'aria-role': role }
}
