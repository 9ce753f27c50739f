/**
 * An alert's `route` comes from the core; the router only ever gets an in-app
 * path from it ("/chats/…"), never a URL or a protocol-relative "//host".
 */
export function safeAppRoute(route: string): string {
  if (!route.startsWith('/') || route.startsWith('//') || /[\s\\]/.test(route)) return '/'
  return route
}
