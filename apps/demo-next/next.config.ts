import type { NextConfig } from "next";

const config: NextConfig = {
  // The workspace root holds the lockfile; say so, so Next does not guess.
  outputFileTracingRoot: new URL("../..", import.meta.url).pathname,
  poweredByHeader: false,
};

export default config;
