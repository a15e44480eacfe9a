// The whole of the id threading on the server: read or mint the `aid` cookie, set it on
// the response and forward it on this very request, so pages, route handlers and server
// actions all see the visitor's id from the first request on.
import { withMillimetric } from "@millimetric/next";

export const proxy = withMillimetric();

export const config = {
  // Pages and API routes; not Next's own assets, files with an extension, or webhooks
  // (a webhook is not a visitor: its ids come from the provider's metadata).
  matcher: ["/((?!_next/static|_next/image|api/webhooks|favicon.ico|.*\\.[a-z0-9]+$).*)"],
};
