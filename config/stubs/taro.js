// Stands in for @tarojs/taro/index.js on weapp (#19), with the same code but one difference:
// the original reads `const { hooks } = require('@tarojs/runtime')`, and webpack 5.91 cannot
// tree-shake a destructured require, so every export of @tarojs/runtime stayed in taro.js
// (its HTML parser among them, ~10 KB, although enableInnerHTML is off). A property read
// (`require(...).hooks`) is tracked, so only what is used is kept.
const hooks = require('@tarojs/runtime').hooks
const taro = require('@tarojs/api').default

if (hooks.isExist('initNativeApi')) {
  hooks.call('initNativeApi', taro)
}

module.exports = taro
module.exports.default = module.exports
