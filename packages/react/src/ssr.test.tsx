// @vitest-environment node
import { renderToString } from "react-dom/server";
import { expect, it } from "vitest";
import { MillimetricProvider, useAnonymousId, useMillimetric, useTrackOnMount } from "./index";

it("renders on a server without window: no id, hooks are inert", async () => {
  expect(typeof window).toBe("undefined");
  function Page() {
    const api = useMillimetric();
    useTrackOnMount("viewed");
    api.track("rendered_on_server");
    return <p>{useAnonymousId() ?? "none"}|{api.getAnonymousId() ?? "none"}</p>;
  }
  const html = renderToString(
    <MillimetricProvider apiKey="pk_test_f6589a94_x">
      <Page />
    </MillimetricProvider>,
  );
  expect(html).toBe("<p>none<!-- -->|<!-- -->none</p>");
  await expect(
    (async () => {
      let api!: ReturnType<typeof useMillimetric>;
      function Grab() {
        api = useMillimetric();
        return null;
      }
      renderToString(
        <MillimetricProvider apiKey="pk_test_f6589a94_x">
          <Grab />
        </MillimetricProvider>,
      );
      return api.flush();
    })(),
  ).resolves.toBeUndefined();
});
