import type { UserConfigExport } from '@tarojs/cli'

/**
 * `npm run build:*`: minified, no source maps, so dist/ is what WeChat would upload.
 * SOURCEMAP=1 adds maps for size analysis (which module lands in which file).
 */
const sourceMaps = Boolean(process.env.SOURCEMAP)

export default {
  mini: { enableSourceMap: sourceMaps, sourceMapType: 'source-map' },
  h5: { enableSourceMap: sourceMaps },
} satisfies UserConfigExport<'webpack5'>
