/**
 * H5 only (#19 part 2): stands in for `jsonp-retry` in @tarojs/taro-h5, which imports it for
 * `Taro.request({ jsonp: true })`. No code of ours asks for JSONP (our axios adapter sends plain
 * requests to our own origin), so the 6 KB library is dead weight in the entry chunk. Should a
 * caller ever ask for it, the request fails loudly instead of silently doing something else.
 */
module.exports = function jsonpRetry() {
  return Promise.reject(new Error('Taro.request({ jsonp }) is not available in this H5 build (config/h5/jsonp-retry.js)'))
}
