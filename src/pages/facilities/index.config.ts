export default definePageConfig({
  navigationBarTitleText: '附近设施',
  enablePageMeta: true, // PageShell's <FontMeta>: the root font follows WeChat's font size (#16)
})
