/**
 * H5 only. Taro's tab bar draws each tab as <a href="javascript:;"> and navigates in its own click
 * handler. The backend's Content-Security-Policy (script-src without 'unsafe-inline') rightly
 * refuses javascript: URLs, so each tap logged a CSP violation. Cancel the link's default action
 * before it runs; the tab bar's own handler still switches the tab.
 */
export function installBrowserShell(): void {
  document.addEventListener(
    'click',
    (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href^="javascript:"]')
      if (link) event.preventDefault()
    },
    true,
  )
}
