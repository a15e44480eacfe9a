import type { ReactNode } from "react";
import { MillimetricScript } from "@millimetric/next";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <MillimetricScript />
      </head>
      <body>{children}</body>
    </html>
  );
}
