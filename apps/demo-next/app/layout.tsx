import type { Metadata } from "next";
import type { ReactNode } from "react";
import { MillimetricProvider } from "@millimetric/next";
import { Nav } from "./Nav";
import "./globals.css";

export const metadata: Metadata = { title: "Millimetric demo", description: "One anonymous id from the browser to the server and back." };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        {/* Nothing in <head>, and nothing here reads the request, so pages that do not read it
            either stay static (see /static): the provider takes the visitor's id from the aid
            cookie proxy.ts sets. The key and host default to NEXT_PUBLIC_MILLIMETRIC_KEY and
            NEXT_PUBLIC_MILLIMETRIC_HOST, which `next build` inlines into the browser bundle.
            MILLIMETRIC_BROWSER_HOST is this demo's own override of that host, for an ingest
            server on another port (`npm run demo` and the end-to-end tests set it): it is read
            here, on the server, when the layout renders — on every request for dynamic pages,
            and once at `next build` for static ones, which keep the value the build saw. */}
        <MillimetricProvider host={process.env.MILLIMETRIC_BROWSER_HOST}>
          <Nav router="app" />
          <main>{children}</main>
        </MillimetricProvider>
      </body>
    </html>
  );
}
