import type { GetServerSideProps } from "next";
import { getAnonymousId, track } from "@millimetric/next/pages";
import { IdsPanel } from "../app/IdsPanel";
import type { ShellProps } from "./_app";

interface LegacyProps extends ShellProps {
  serverId: string | null;
}

/**
 * Pages Router code has no request scope to read the id from, so every helper of
 * @millimetric/next/pages takes the request: ctx.req here, req in a pages/api handler.
 * proxy.ts forwarded the visitor's id (minted on this very request on a first visit) and
 * the page's URL, so the event carries the browser's anonymous_id and path "/legacy".
 */
export const getServerSideProps: GetServerSideProps<LegacyProps> = async (ctx) => {
  await track(ctx.req, { event: "legacy_page_rendered" });
  // Props are JSON: null, not undefined, for a request without a visitor id.
  return { props: { serverId: getAnonymousId(ctx.req) ?? null, browserHost: process.env.MILLIMETRIC_BROWSER_HOST ?? null } };
};

export default function LegacyPage({ serverId }: LegacyProps) {
  return (
    <>
      <h1>The Pages Router · getServerSideProps</h1>
      <p className="lead">
        This page lives in <code>pages/</code>, next to the App Router in the same app. Its{" "}
        <code>getServerSideProps</code> calls <code>await track(ctx.req, {"{ event: \"legacy_page_rendered\" }"})</code>{" "}
        from <code>@millimetric/next/pages</code> with the id <code>proxy.ts</code> forwarded on this request, and{" "}
        <code>&lt;MillimetricProvider&gt;</code> from <code>@millimetric/next/client</code> in <code>pages/_app.tsx</code>{" "}
        adopts the same id from the <code>aid</code> cookie.
      </p>
      <IdsPanel serverId={serverId} />
      <pre>{`// pages/legacy.tsx
import { getAnonymousId, track } from "@millimetric/next/pages";
export const getServerSideProps = async (ctx) => {
  await track(ctx.req, { event: "legacy_page_rendered" });
  return { props: { serverId: getAnonymousId(ctx.req) ?? null } };
};
// pages/_app.tsx
<MillimetricProvider><Component {...pageProps} /></MillimetricProvider>`}</pre>
    </>
  );
}
