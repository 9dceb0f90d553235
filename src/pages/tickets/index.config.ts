export default definePageConfig({
  navigationBarTitleText: '我的工单',
  enablePullDownRefresh: true,
  // Load the next page a little before the very bottom.
  onReachBottomDistance: 80,
})
