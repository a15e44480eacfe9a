import type { AppProps } from "next/app";
import { MillimetricProvider } from "@millimetric/next/client";

export default function App({ Component, pageProps }: AppProps) {
  return <MillimetricProvider><Component {...pageProps} /></MillimetricProvider>;
}
