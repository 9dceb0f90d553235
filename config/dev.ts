import type { UserConfigExport } from '@tarojs/cli'

/** `npm run dev:*`: readable output, source maps, quick rebuilds. */
export default {
  logger: { quiet: false, stats: true },
  mini: { debugReact: true },
  h5: {},
} satisfies UserConfigExport<'webpack5'>
