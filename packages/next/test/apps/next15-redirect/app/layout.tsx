import { MillimetricProvider } from "@millimetric/next";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <MillimetricProvider>{children}</MillimetricProvider>
      </body>
    </html>
  );
}
