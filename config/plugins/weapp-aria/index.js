/**
 * Lets aria-* props reach WeChat's screen reader. Taro's weapp templates only render the
 * attributes listed for each component, and aria-* are not listed, so `aria-label` on a <View>
 * silently disappears. This plugin adds them in both places that must agree:
 * - build time: the generated base.wxml templates (template.mergeComponents);
 * - run time: the attribute → short key table Taro sends through setData (runtime.js).
 * It is what @tarojs/plugin-inject does for its `components` option, without the package.
 * attributes.json: "" = no default, "!1" = false (Taro's notation for boolean defaults). Every attribute
 * is repeated in ~70 templates of base.wxml (WeChat has no recursive templates), ~25 bytes each:
 * list only what the app uses.
 */
const path = require('node:path')
const attributes = require('./attributes.json')

module.exports = (ctx) => {
  ctx.registerMethod({
    name: 'onSetupClose',
    fn(platform) {
      if (process.env.TARO_ENV === 'h5') return // the browser renders aria-* natively
      platform.template.mergeComponents(ctx, attributes)
      const runtime = path.resolve(__dirname, 'runtime.js')
      platform.runtimePath = [].concat(platform.runtimePath, runtime)
    },
  })
}
