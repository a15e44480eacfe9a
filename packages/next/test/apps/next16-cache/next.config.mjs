/** Fixture B: Next 16 with Cache Components, the same README setup as fixture A. */
export default {
  poweredByHeader: false,
  cacheComponents: true,
};
