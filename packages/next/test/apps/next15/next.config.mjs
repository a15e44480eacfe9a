/** Fixture C: Next 15 (webpack), middleware.ts, React 18 for both routers, the old layout. */
export default {
  poweredByHeader: false,
};
