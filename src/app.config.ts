/**
 * Tab pages live in the main package (WeChat requires it); every other page lives in the
 * subpackage of its domain (packages/report, packages/ticket, packages/facility, packages/work).
 * Keep the main package under 400 KB: `npm run size` measures it.
 */
export default defineAppConfig({
  pages: ['pages/report/index', 'pages/facilities/index', 'pages/tickets/index'],
  // One subpackage per domain; each issue owns its own entry. WeChat rejects a root without pages.
  subPackages: [
    // 同声传译 (voice input for the description, #16) is declared here, not app-wide: the main package stays as it is.
    {
      root: 'packages/report',
      pages: ['form/index', 'success/index', 'outbox/index'],
      plugins: { WechatSI: { version: '0.3.5', provider: 'wx069ba97219f66d99' } },
    },
    { root: 'packages/ticket', pages: ['detail/index', 'messages/index'] },
    { root: 'packages/facility', pages: ['detail/index'] },
    // Worker mode (#12): 我的任务, the task page, binding with a one-time code.
    { root: 'packages/work', pages: ['tasks/index', 'task/index', 'bind/index'] },
    // The public map of reports and the transparency page (#15).
    { root: 'packages/public', pages: ['map/index', 'stats/index'] },
  ],
  window: {
    navigationBarTitleText: '云报事',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f4f5f7',
    backgroundTextStyle: 'dark',
  },
  tabBar: {
    color: '#5f6368',
    selectedColor: '#1557b0',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/report/index',
        text: '上报',
        iconPath: 'assets/tabbar/report.png',
        selectedIconPath: 'assets/tabbar/report-active.png',
      },
      {
        pagePath: 'pages/facilities/index',
        text: '附近设施',
        iconPath: 'assets/tabbar/facilities.png',
        selectedIconPath: 'assets/tabbar/facilities-active.png',
      },
      {
        pagePath: 'pages/tickets/index',
        text: '我的工单',
        iconPath: 'assets/tabbar/tickets.png',
        selectedIconPath: 'assets/tabbar/tickets-active.png',
      },
    ],
  },
  requiredPrivateInfos: ['getLocation', 'chooseLocation', 'startLocationUpdate', 'startLocationUpdateBackground', 'onLocationChange'],
  // On duty, a worker's position keeps being reported while the app is in the background (if allowed).
  requiredBackgroundModes: ['location'],
  permission: {
    'scope.userLocation': { desc: '用于定位问题发生地点和查找附近设施' },
  },
  lazyCodeLoading: 'requiredComponents',
})
