/**
 * The browsers the H5 build is written for (#19 part 2), read by babel.config.js and config/index.ts.
 * Residents open the H5 app in phone browsers and in WeChat's in-app browser: iOS WKWebView
 * follows the system (iOS ≥ 12.2 — the first with AbortController, which Taro's request needs),
 * Android's WebView/X5/XWeb are Chromium 70 or newer. package.json's browserslist (Android ≥ 4.1,
 * iOS ≥ 8) made babel lower async functions to a regenerator, classes and spreads to helpers, and
 * kept polyfills these engines do not need; React 18 itself needs more than Android 4.1 offers.
 * The weapp build has its own targets (babel.config.js) and is not affected.
 */
module.exports = {
  babel: { ios: '12.2', chrome: '70' },
  browserslist: ['ios >= 12.2', 'chrome >= 70', 'and_chr >= 70'],
}
