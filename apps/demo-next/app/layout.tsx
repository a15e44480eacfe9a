import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { MillimetricProvider, MillimetricScript } from "@millimetric/next";
import "./globals.css";

export const metadata: Metadata = { title: "Millimetric demo", description: "One anonymous id from the browser to the server and back." };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* window.__aid: the id the server used for this request, and whether it minted it. */}
        <MillimetricScript />
      </head>
      <body>
        {/* Key and host default to NEXT_PUBLIC_MILLIMETRIC_KEY/HOST; MILLIMETRIC_BROWSER_HOST
            lets the end-to-end tests point a built app at another ingest port. */}
        <MillimetricProvider host={process.env.MILLIMETRIC_BROWSER_HOST}>
          <header className="top">
            <Link href="/" className="brand">
              Millimetric <span>demo</span>
            </Link>
            <nav>
              <Link href="/option-a">A · id in the body</Link>
              <Link href="/option-b">B · aid cookie</Link>
              <Link href="/option-c">C · server-owned id</Link>
              <Link href="/signup">Sign up</Link>
              <Link href="/shop">Shop</Link>
            </nav>
          </header>
          <main>{children}</main>
        </MillimetricProvider>
      </body>
    </html>
  );
}
