/** Fixture: Next 16 under a basePath, with the first-party relay on (issue 29, item 5). */
export default {
  poweredByHeader: false,
  basePath: "/docs",
};
