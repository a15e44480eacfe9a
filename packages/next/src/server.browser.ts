// What `@millimetric/next/server` resolves to in a browser bundle (the package's
// "browser" export condition): the server helpers read request headers and hold the
// secret key, so client code gets this error instead of them.
import { MillimetricError } from "@millimetric/core";

throw new MillimetricError(
  "wrong_environment",
  "[millimetric] @millimetric/next/server was imported from client code. Track from a route handler, server action or server component, " +
    'or in a client component use `import { useMillimetric } from "@millimetric/next/client"` (the browser SDK). ' +
    "Pages Router server code (getServerSideProps, pages/api) uses @millimetric/next/pages.",
);
