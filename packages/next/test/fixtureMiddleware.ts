// Copied over test/fixture's proxy.ts as middleware.ts for integration-middleware.test.ts: the
// pre-16 convention (edge runtime, default export), composed with a user's own handler.
import { withMillimetric } from "@millimetric/next";
import { NextResponse } from "next/server";

export default withMillimetric((request) => {
  if (request.nextUrl.pathname === "/old-home") return NextResponse.redirect(new URL("/", request.url));
  const headers = new Headers(request.headers);
  headers.set("x-tenant", "acme");
  return NextResponse.next({ request: { headers } });
});

export const config = {
  matcher: [
    {
      source:
        "/((?!no-proxy|_next/static|_next/image|favicon\\.ico|.*\\.(?:html?|css|js|mjs|map|jpe?g|png|gif|webp|avif|svg|ico|bmp|ttf|otf|woff2?|eot|txt|xml|csv|pdf|docx?|xlsx?|zip|webmanifest|mp4|webm|mp3|wav|ogg)$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
