import { expect, it } from "vitest";
import { isHttpsRequest } from "./isHttpsRequest";

it("trusts the first X-Forwarded-Proto, else the URL", () => {
  expect(isHttpsRequest("https", "http://app.internal/")).toBe(true);
  expect(isHttpsRequest("HTTPS, http", "http://app.internal/")).toBe(true);
  expect(isHttpsRequest("http", "https://example.com/")).toBe(false);
  expect(isHttpsRequest(null, "https://example.com/")).toBe(true);
  expect(isHttpsRequest(undefined, "http://127.0.0.1:3000/")).toBe(false);
  expect(isHttpsRequest(" ", "https://example.com/")).toBe(true);
});
