export default definePageConfig({
  navigationBarTitleText: '问题上报',
  enablePageMeta: true, // PageShell's <FontMeta>: the root font follows WeChat's font size (#16)
})
