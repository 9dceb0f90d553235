// Stands in for axios/lib/adapters/fetch.js (see withoutAxiosAdapters in config/index.ts):
// same exports, no transport. Only the app's own Taro adapter sends requests.
export const getFetch = () => undefined
export default null
