// @vitest-environment node
import { expect, it, vi } from "vitest";

it("imports and runs on the server without touching window, document or storage", async () => {
  expect(typeof window).toBe("undefined");
  const fetchSpy = vi.spyOn(globalThis, "fetch");
  const mm = await import("./index");
  mm.init({ key: "pk_test_x" }); // no-op on the server
  mm.track("x", { a: 1 });
  mm.page("p");
  mm.identify("user_1");
  mm.reset();
  await expect(mm.flush()).resolves.toBeUndefined();
  expect(mm.getAnonymousId()).toBeUndefined();
  expect(() => mm.setAnonymousId("bad id")).toThrow(TypeError);
  mm.setAnonymousId("u_from_request"); // kept in memory
  expect(mm.getAnonymousId()).toBe("u_from_request");
  // Consent and configure() are safe to call while rendering on the server too.
  mm.configure({ beforeSend: (e) => e, debug: true });
  mm.optOut();
  mm.optIn();
  expect(mm.isOptedOut()).toBe(false);
  expect(fetchSpy).not.toHaveBeenCalled();
});
