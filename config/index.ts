/**
 * Taro build configuration (written by hand: `taro init` needs the internet).
 * weapp builds into dist/ (project.config.json points the WeChat tool there),
 * H5 into dist-h5/ (the backend serves it at `/`), so the two builds never overwrite each other.
 */
import path from 'node:path'
import zlib from 'node:zlib'
import CompressionPlugin from 'compression-webpack-plugin'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

const axiosLib = path.resolve(__dirname, '..', 'node_modules/axios/lib')

/**
 * Our own adapter (src/services/taroAdapter.ts) is axios's only transport, so axios's xhr and
 * fetch adapters are dead weight (~30 KB minified in the main package). Point them at axios's
 * own empty module, as axios's package.json already does for its Node http adapter.
 */
const withoutAxiosAdapters = {
  [path.join(axiosLib, 'adapters/xhr.js')]: path.join(axiosLib, 'helpers/null.js'),
  [path.join(axiosLib, 'adapters/fetch.js')]: path.resolve(__dirname, 'stubs/axios-fetch-adapter.js'),
}

/**
 * weapp only (#19): a mini-program has no FormData, so axios's FormData → JSON helper is dead
 * code there, and nobody reads axios.HttpStatusCode (the numbers' names). ~2.7 KB minified.
 */
const weappAxiosTrim = {
  [path.join(axiosLib, 'helpers/formDataToJSON.js')]: path.resolve(__dirname, 'stubs/axios-form-data-to-json.js'),
  [path.join(axiosLib, 'helpers/HttpStatusCode.js')]: path.join(axiosLib, 'helpers/null.js'),
  // @tarojs/taro's index.js destructures require('@tarojs/runtime'), which keeps all of the runtime
  // (its HTML parser too): the stub reads the one property it needs. ~19 KB of taro.js.
  '@tarojs/taro$': path.resolve(__dirname, 'stubs/taro.js'),
}

// The set of components Taro's weapp template is generated for (see `webpackChain` in mini).
const weappTemplateComponents = require('@tarojs/webpack5-runner/dist/utils/component').componentConfig as { includes: Set<string> }

/**
 * H5 only (#19 part 2): modules @tarojs/taro-h5 imports for every browser that the H5 targets
 * (config/h5/targets.js) do not need: fetch and AbortController polyfills, JSONP (config/h5/*.js say why).
 */
const h5Trim = {
  'whatwg-fetch$': path.resolve(__dirname, 'h5/empty.js'),
  'abortcontroller-polyfill/dist/abortcontroller-polyfill-only$': path.resolve(__dirname, 'h5/empty.js'),
  'jsonp-retry$': path.resolve(__dirname, 'h5/jsonp-retry.js'),
}
const h5Targets = require('./h5/targets') as { browserslist: string[] }

/** weapp terser options (#19), merged over Taro's defaults: see `terser` in the mini section. */
const weappTerser = {
  compress: {
    ecma: 2017,
    arrows: true,
    collapse_vars: true,
    comparisons: true,
    computed_props: true,
    hoist_props: true,
    inline: true,
    loops: true,
    negate_iife: true,
    properties: true,
    reduce_funcs: true,
    reduce_vars: true,
    switches: true,
    typeofs: true,
    passes: 2,
  },
  output: { ecma: 2017, ascii_only: false },
}

/** NutUI-React-Taro is drawn for a 375 px wide design, our own styles for 750 px. */
function designWidth(input?: string | number | { file?: string }): number {
  return typeof input === 'object' && input.file?.replace(/\\+/g, '/').includes('@nutui/') ? 375 : 750
}

// 4 levels (#19, was 10, then 7): ~3.5 KB of base.wxml per level (main package 370.7 KB at 7,
// 366.9 at 6, 357.5 at 4). Deeper nodes render inside Taro's recursive `comp` component (a virtual
// host, so flex layout goes through it); Taro's performance guide suggests 8 or even 4, which also
// makes setData local to that component. Below 4 (3: 351.7 KB) every list card would be a component.
// The weapp tests render through `comp` too (tests/weapp/simulate.ts registers it once for all pages).
// TARO_BASE_LEVEL overrides it for measuring.
const templateLevels = { baseLevel: Number(process.env.TARO_BASE_LEVEL || 4) } as object

export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5'
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'yunbaoshi',
    date: '2025-01-01',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // OUTPUT_DIR lets parallel builds (several developers' checks on one machine) stay apart.
    outputRoot: process.env.OUTPUT_DIR || (isH5 ? 'dist-h5' : 'dist'),
    // weapp-aria: aria-* reach WeChat's screen reader; page-meta (weapp only): each page's <page-meta> binds root-font-size only (#16).
    plugins: [path.resolve(__dirname, 'plugins/weapp-aria'), path.resolve(__dirname, 'plugins/page-meta')],
    defineConstants: {},
    alias: { '@': path.resolve(__dirname, '..', 'src'), '@contract': path.resolve(__dirname, '..', 'contract'), ...withoutAxiosAdapters, ...(isH5 ? h5Trim : weappAxiosTrim) },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: true, name: `${process.env.TARO_ENV}-${process.env.OUTPUT_DIR || 'default'}`.replace(/[^\w-]/g, '_') },
    sass: {
      // Design tokens reach every stylesheet once, instead of an @import in each file.
      resource: [path.resolve(__dirname, '..', 'src/styles/tokens.scss')],
    },
    mini: {
      // The shared contract sits outside src/: compile it like our own code.
      compile: { include: [path.resolve(__dirname, '..', 'contract')] },
      // base.wxml repeats every used component's template once per nesting level (default 16);
      // deeper trees fall back to a recursive component. Our pages nest less deeply, so fewer levels
      // save main-package KB. (A documented Taro option its 4.2.1 types omit.)
      ...templateLevels,
      // No code of ours sets innerHTML: drop Taro's HTML parser from taro.js (the other
      // dom-external APIs are off by default).
      runtime: { enableInnerHTML: false },
      // Taro's terser defaults for mini-programs (#19) switch off most compress passes and write
      // ES5 with every Chinese character as a \uXXXX escape (6 bytes instead of 3 in UTF-8).
      // Our weapp code is ES2017 already (babel.config.js), which WeChat's engines run.
      // Taro reads mini.terser over the root one (its 4.2.1 types omit it here).
      ...({ terser: { enable: true, config: weappTerser } } as object),
      webpackChain() {
        // Taro's template always includes <scroll-view> (its runner's default `includes`), ~7 KB of
        // base.wxml at 4 levels, though no code of ours uses it: the component scan adds it back
        // if a module imports ScrollView from @tarojs/components.
        weappTemplateComponents.includes.delete('scroll-view')
      },
      // Never inline images as data URLs: WeChat's <map> iconPath and <image> want real files.
      // (Taro reads `limit || 2 KB`, so 0 meant 2 KB and four marker icons became data URLs: 1 inlines none.)
      imageUrlLoaderOption: { limit: 1 },
      postcss: {
        pxtransform: { enable: true, config: {} },
        // WeChat's renderers (iOS WKWebView, Android XWeb/X5, Chromium-based) need no -ms- and
        // hardly any -webkit- prefixes: package.json's browserslist (IE and Android 4 too) is the H5 one.
        autoprefixer: { enable: true, config: { flexbox: 'no-2009', overrideBrowserslist: ['ios >= 9', 'android >= 5', 'chrome >= 37'] } },
        cssModules: { enable: false },
      },
    },
    h5: {
      compile: { include: [path.resolve(__dirname, '..', 'contract')] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Taro's H5 terser defaults (#19 part 2) keep every function's name and quote every object
      // key, and write ES5: merged over them, names go, keys are quoted only where needed, and the
      // output is ES2017 (the H5 targets, config/h5/targets.js, run it). (Its 4.2.1 types omit h5.terser.)
      ...({ terser: { enable: true, config: { keep_fnames: false, compress: { ecma: 2017, passes: 2 }, output: { ecma: 2017, quote_keys: false, ascii_only: false } } } } as object),
      webpackChain(chain) {
        // H5_SOURCE_MAP=1: a production build with .map files beside the scripts (not linked from
        // them) for reading which module lands in which chunk; SOURCEMAP=1 writes eval maps instead.
        if (process.env.H5_SOURCE_MAP) chain.devtool('hidden-source-map')
        // First screen in one wave of requests (#19): the 上报 tab's page joins the entry chunk, so
        // Taro's import() of it resolves from the entry instead of fetching a chunk (and the chunks
        // split off it: 17 scripts, each a round trip on Slow 4G). Only async chunks (the other tabs
        // and the subpackages) are split: their shared modules (Taro's web components, ~110 KB) go
        // into common chunks, not into each page; minSize keeps those chunks few.
        chain.entry('app').add(path.resolve(__dirname, '..', 'src/pages/report/index'))
        chain.optimization.merge({ splitChunks: { chunks: 'async', minSize: 10_000 } })
        // Residents are on weak mobile networks: ship .br and .gz beside each asset; the backend
        // serves them as they are (no compression work per request). ~816 KB of JS → ~300 KB.
        if (process.env.NODE_ENV !== 'development') {
          const test = /\.(js|css|html|svg|json)$/
          chain.plugin('gzip').use(CompressionPlugin, [{ algorithm: 'gzip', test, threshold: 1024 }])
          chain.plugin('brotli').use(CompressionPlugin, [
            { algorithm: 'brotliCompress', filename: '[path][base].br', test, threshold: 1024, compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } } },
          ])
        }
      },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        // Prefixes for the H5 targets (config/h5/targets.js), not package.json's browserslist (IE, Android 4).
        autoprefixer: { enable: true, config: { overrideBrowserslist: h5Targets.browserslist } },
        cssModules: { enable: false },
      },
    },
  }
  return merge({}, baseConfig, process.env.NODE_ENV === 'development' ? devConfig : prodConfig)
})
