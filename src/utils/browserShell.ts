/** Only the browser build has a shell to adjust (browserShell.h5.ts); WeChat has none. */
export function installBrowserShell(): void {}
