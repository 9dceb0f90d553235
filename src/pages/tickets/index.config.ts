export default definePageConfig({
  navigationBarTitleText: '我的工单',
  enablePullDownRefresh: true,
  // Load the next page a little before the very bottom.
  onReachBottomDistance: 80,
  enablePageMeta: true, // PageShell's <FontMeta>: the root font follows WeChat's font size (#16)
})
