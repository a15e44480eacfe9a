/** Next 15 with the README's redirect recipe: no skipMiddlewareUrlNormalize, as most apps have it. */
export default {
  poweredByHeader: false,
};
