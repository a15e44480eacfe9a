import { afterEach, describe, expect, it, vi } from "vitest";
import { lazyUserId } from "../src/index";

afterEach(() => vi.restoreAllMocks());

describe("lazyUserId with an async resolver (Next's getUserId)", () => {
  it("resolves until it finds a user, then keeps the first id without calling again", async () => {
    let calls = 0;
    let user: string | number | undefined;
    const resolve = lazyUserId(async () => (calls++, user));
    await expect(resolve()).resolves.toBeUndefined();
    user = 42;
    await expect(resolve()).resolves.toBe("42");
    user = "43";
    expect(resolve()).toBe("42");
    expect(calls).toBe(2);
  });

  it("a rejecting resolver costs the event its user_id, reported once, never a rejection", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const broken = lazyUserId(() => Promise.reject(new Error("auth down")));
    await expect(broken()).resolves.toBeUndefined();
    await expect(broken()).resolves.toBeUndefined();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^\[millimetric\] getUserId threw \(Error: auth down\)/);
  });

  it("a resolver that throws something unprintable (no prototype, a throwing toString) costs the user_id, never a throw", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const noProto = lazyUserId(() => {
      throw Object.create(null);
    });
    const badToString = lazyUserId(() => {
      throw {
        toString() {
          throw new Error("no");
        },
      };
    });
    expect(noProto()).toBeUndefined();
    expect(badToString()).toBeUndefined();
    await expect(lazyUserId(() => Promise.reject(Object.create(null)))()).resolves.toBeUndefined();
  });

  it("an empty answer is no user", async () => {
    await expect(lazyUserId(async () => "")()).resolves.toBeUndefined();
    await expect(lazyUserId(async () => null)()).resolves.toBeUndefined();
  });
});
