/**
 * H5 only (#19 part 2): an empty module in place of polyfills @tarojs/taro-h5 imports for every
 * browser (whatwg-fetch, abortcontroller-polyfill: ~19 KB of the entry chunk). The H5 build's
 * browsers (config/h5/targets.js) all have fetch and AbortController natively.
 */
