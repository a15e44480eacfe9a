/**
 * Internal request header `withMillimetric()` forwards with the URL of the request it
 * handled, so server events of that request (route handlers, server actions, server
 * components) fill `url` and `path`: nothing else tells a server component where it
 * renders. Always rewritten by the proxy: a client cannot set it for a handled request.
 */
export const REQUEST_URL_HEADER = "x-millimetric-url";
