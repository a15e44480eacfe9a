import { act } from "@testing-library/react";
import { hydrateRoot } from "react-dom/client";
import { renderToString } from "react-dom/server";
import { StrictMode } from "react";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { MillimetricProvider, useAnonymousId, useMillimetric } from "./index";
import { startIngest } from "./testIngest";

let ingest: Awaited<ReturnType<typeof startIngest>>;
beforeAll(async () => void (ingest = await startIngest()));
afterAll(() => ingest.close());

function Page() {
  const aid = useAnonymousId();
  const { track } = useMillimetric();
  return (
    <main>
      <h1>Pricing</h1>
      <button onClick={() => track("clicked")}>Buy</button>
      <p data-aid={aid ?? ""}>{aid ? `id ${aid}` : "no id yet"}</p>
    </main>
  );
}

const app = (host: string) => (
  <StrictMode>
    <MillimetricProvider apiKey="pk_test_f6589a94_x" host={host}>
      <Page />
    </MillimetricProvider>
  </StrictMode>
);

it("hydrates server HTML without a mismatch, then shows the adopted id", async () => {
  const html = renderToString(app(ingest.url));
  expect(html).toBe(
    '<main><h1>Pricing</h1><button>Buy</button><p data-aid="">no id yet</p></main>',
  );

  // The browser: server markup plus the id the server handed over.
  (window as { __aid?: unknown }).__aid = { id: "u_hydrated", minted: false };
  const container = document.createElement("div");
  container.innerHTML = html;
  document.body.append(container);
  const errors = vi.spyOn(console, "error");
  const recoverable: unknown[] = [];
  await act(async () => {
    hydrateRoot(container, app(ingest.url), { onRecoverableError: (e) => recoverable.push(e) });
  });
  expect(errors).not.toHaveBeenCalled();
  expect(recoverable).toEqual([]);
  expect(container.querySelector("p")!.textContent).toBe("id u_hydrated");
  errors.mockRestore();
});
