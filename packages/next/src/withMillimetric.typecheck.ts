// Compiled by `tsc -p tsconfig.json` in the test script (never run): withMillimetric()
// composes with the middleware libraries people put in proxy.ts/middleware.ts, as their
// READMEs write them, and the README's own recipes type-check.
//
// next-auth v5 is not a dependency of this repo: the types of its `auth` are reproduced
// below from its published declarations (next-auth 5.0.0-beta.32, lib/index.d.ts,
// lib/types.d.ts and index.d.ts's `NextAuthResult["auth"]`), overloads in their order, since
// the overload `auth(fn)` resolves to decides what withMillimetric() receives.
import type { GetServerSidePropsContext, NextApiRequest, NextApiResponse } from "next";
import { NextResponse, type NextFetchEvent, type NextMiddleware, type NextRequest } from "next/server";
import { withMillimetric, type MillimetricHandler, type MillimetricProxy } from "./index";

// --- next-auth 5.0.0-beta.32's types (Session trimmed to what the recipes read) -------
interface Session {
  user?: { id?: string; name?: string | null; email?: string | null };
  expires: string;
}
interface NextAuthRequest extends NextRequest {
  auth: Session | null;
}
type NextAuthMiddleware = (request: NextAuthRequest, event: NextFetchEvent) => ReturnType<NextMiddleware>;
type AppRouteHandlerFnContext = { params: Promise<any> };
type AppRouteHandlerFn = (req: NextRequest, ctx: AppRouteHandlerFnContext) => void | Response | Promise<void | Response>;
type NextAuthResultAuth = ((...args: [NextApiRequest, NextApiResponse]) => Promise<Session | null>) &
  ((...args: []) => Promise<Session | null>) &
  ((...args: [GetServerSidePropsContext]) => Promise<Session | null>) &
  ((...args: [(req: NextAuthRequest, ctx: AppRouteHandlerFnContext) => ReturnType<AppRouteHandlerFn>]) => AppRouteHandlerFn) &
  ((...args: [NextAuthMiddleware]) => NextMiddleware);
declare const auth: NextAuthResultAuth;

// --- Auth.js: the README's recipe, withMillimetric outside (it always runs, so the
// sign-in redirect carries the id too). auth(fn) resolves to the route-handler overload
// (AppRouteHandlerFn, whose second parameter is `{ params }`, not a NextFetchEvent): the
// shape that failed with TS2769 before MillimetricHandler took `...rest: any[]`.
export const proxyWithAuth = withMillimetric(
  auth((request) => {
    if (!request.auth && request.nextUrl.pathname.startsWith("/dashboard")) {
      return NextResponse.redirect(new URL("/login", request.url));
    }
  }),
);
// With options, and with a handler that returns nothing at all.
export const proxyWithAuthOptions = withMillimetric(
  auth(() => {}),
  { cookie: { name: "mm_aid" } },
);
// A middleware-typed user function (the NextAuthMiddleware overload, NextMiddleware back).
const authMiddleware: NextAuthMiddleware = (request) => (request.auth ? NextResponse.next() : NextResponse.redirect(new URL("/login", request.url)));
export const proxyWithAuthMiddleware = withMillimetric(auth(authMiddleware));
// The other order type-checks too (auth() wrapping our proxy).
export default auth(withMillimetric());

// --- next-intl: createMiddleware(routing) returns `(request: NextRequest) => NextResponse`.
declare function createMiddleware(routing: { locales: readonly string[]; defaultLocale: string }): (request: NextRequest) => NextResponse;
const intl = createMiddleware({ locales: ["en", "de"], defaultLocale: "en" });
export const proxyWithIntl = withMillimetric(intl);
// The README's recipe: next-intl only on the paths its own matcher covers.
const localized = /^\/(?!api|trpc|_next|_vercel|.*\..*)/;
export const proxyWithIntlRecipe = withMillimetric((request) => {
  if (localized.test(request.nextUrl.pathname)) return intl(request);
});

// --- The README's Next 15 redirect that keeps the visitor's host.
function visitorUrl(request: NextRequest, path: string): URL {
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0] ?? request.nextUrl.protocol.slice(0, -1);
  return new URL(path, `${proto}://${request.headers.get("host") ?? request.nextUrl.host}`);
}
export const proxyNext15 = withMillimetric(async (request) => {
  if (!request.cookies.has("session") && request.nextUrl.pathname.startsWith("/app")) {
    return NextResponse.redirect(visitorUrl(request, "/login"));
  }
});

// --- Any NextMiddleware (Clerk's clerkMiddleware(), a chain helper's result).
declare const someMiddleware: NextMiddleware;
export const proxyWithMiddleware = withMillimetric(someMiddleware);

// --- A hand-written handler keeps its types (the first overload): request is a
// NextRequest, and event a NextFetchEvent, not any.
export const proxyInline = withMillimetric(async (request, event) => {
  // @ts-expect-error an inline handler's event is contextually a NextFetchEvent, not any
  const notANumber: number = event;
  event.waitUntil(Promise.resolve());
  const login = request.nextUrl.clone();
  login.pathname = "/login";
  return request.cookies.has("session") ? undefined : NextResponse.redirect(login);
});

// --- What the proxy is: a NextMiddleware, assignable where Next expects one.
export const asNextMiddleware: NextMiddleware = withMillimetric();
export const asProxy: MillimetricProxy = proxyWithAuth;

// --- Still refused: a handler whose request is not a request, or that returns no response.
// @ts-expect-error the first argument is a NextRequest
export const wrongRequest = withMillimetric((request: { pathname: string }) => undefined);
// @ts-expect-error a proxy returns a Response (or nothing), not a string
export const wrongResult = withMillimetric(() => "no");
// A handler variable typed as MillimetricHandler accepts them all.
export const handlers: MillimetricHandler[] = [intl, someMiddleware, auth(() => {}), auth(authMiddleware)];
