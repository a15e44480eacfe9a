/** Fixture A: Next 16 (Turbopack), proxy.ts, App Router and Pages Router side by side. */
export default {
  poweredByHeader: false,
};
