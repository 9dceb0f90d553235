import type { UserConfigExport } from '@tarojs/cli'

/** `npm run build:*`: minified, no source maps, so dist/ is what WeChat would upload. */
export default {
  mini: { enableSourceMap: false },
  h5: { enableSourceMap: false },
} satisfies UserConfigExport<'webpack5'>
