// HttpError is the ingest's one error class and a MillimetricError like every other throw
// in the packages; answerFailure still must tell it from the rest, which are bugs (500).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MillimetricError, MillimetricTypeError } from "@millimetric/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerFailure } from "./answerFailure";
import type { HandlerContext } from "./HandlerContext";
import { HttpError } from "./HttpError";

describe("HttpError", () => {
  it("is a MillimetricError coded http_error, the protocol's code as serverCode", () => {
    const err = new HttpError(403, "insufficient_scope", { message: "[millimetric] an rk_ key cannot write" });
    expect(err).toBeInstanceOf(MillimetricError);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ name: "HttpError", code: "http_error", status: 403, serverCode: "insufficient_scope", count: 0 });
    expect(err.message).toBe("[millimetric] 403 insufficient_scope");
  });

  it("is not what any other MillimetricError is (the brand makes those instanceof MillimetricError, not HttpError)", () => {
    expect(new MillimetricTypeError("invalid_event", 'invalid event: "event" is required')).not.toBeInstanceOf(HttpError);
    expect(new MillimetricError("invalid_config", "x")).not.toBeInstanceOf(HttpError);
  });
});

describe("answerFailure over real HTTP", () => {
  const reported: unknown[] = [];
  let thrown: unknown;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    // answerFailure reads only onError.
    const ctx = { onError: (err: unknown) => void reported.push(err) } as Partial<HandlerContext> as HandlerContext;
    server = createServer((req, res) => answerFailure(ctx, req, res, thrown));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it("writes an HttpError as it says, reporting nothing", async () => {
    reported.length = 0;
    thrown = new HttpError(429, "rate_limited", { message: "slow down" }, { retry_after_s: 2 }, { "Retry-After": "2" });
    const res = await fetch(url);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
    expect(await res.json()).toEqual({ error: "rate_limited", details: { message: "slow down" }, retry_after_s: 2 });
    expect(reported).toEqual([]);
  });

  it("answers any other MillimetricError as a 500 internal_error and reports it", async () => {
    reported.length = 0;
    thrown = new MillimetricTypeError("invalid_event", 'invalid event: "event" is required');
    const res = await fetch(url);
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: "internal_error" });
    expect(reported).toEqual([thrown]);
  });
});
