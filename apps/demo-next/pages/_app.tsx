import type { AppProps } from "next/app";
import Head from "next/head";
import { MillimetricProvider } from "@millimetric/next/client";
import { Nav } from "../app/Nav";
import "../app/globals.css";

/** What a Pages Router page may hand the app shell in its props. */
export interface ShellProps {
  /** MILLIMETRIC_BROWSER_HOST as the server saw it (see pages/legacy.tsx). */
  browserHost?: string | null;
}

/**
 * The Pages Router does not use app/layout.tsx: its provider lives here, around every
 * page. The visitor's id comes from the aid cookie proxy.ts set, as on the App Router's
 * static pages. The key and host default to NEXT_PUBLIC_MILLIMETRIC_KEY and
 * NEXT_PUBLIC_MILLIMETRIC_HOST (inlined at build). The demo's MILLIMETRIC_BROWSER_HOST
 * override (see app/layout.tsx) cannot be read here directly: _app runs in the browser
 * too, where only NEXT_PUBLIC_ variables exist, so the page's getServerSideProps reads it
 * on the server and passes it in its props.
 */
export default function App({ Component, pageProps }: AppProps<ShellProps>) {
  return (
    <MillimetricProvider host={pageProps.browserHost ?? undefined}>
      <Head>
        <title>Millimetric demo</title>
      </Head>
      <Nav router="pages" />
      <main>
        <Component {...pageProps} />
      </main>
    </MillimetricProvider>
  );
}
