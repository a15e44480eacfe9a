import { MillimetricProvider, MillimetricScript } from "@millimetric/next";

// The setup from before the cookie handoff: <MillimetricScript /> stays in <head>. It is
// deprecated, renders nothing and reads no request data, so /static still prerenders.
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <head>
        <MillimetricScript />
      </head>
      <body>
        <MillimetricProvider>{children}</MillimetricProvider>
      </body>
    </html>
  );
}
