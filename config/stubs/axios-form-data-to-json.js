// Stands in for axios/lib/helpers/formDataToJSON.js on weapp (see config/index.ts): a mini-program
// has no FormData, and the app never sends one through axios (photos go through Taro.uploadFile).
export default function formDataToJSON() {
  throw new Error('FormData request bodies are not supported by this app')
}
