/** The console's session cookie and CSRF header names: plain values, so the console can import them. */
export const CONSOLE_COOKIE = 'ybs_console'
/** Every unsafe request authenticated by the console cookie carries the session's CSRF token here. */
export const CSRF_HEADER = 'x-csrf-token'
