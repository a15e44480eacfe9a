import { afterEach } from "vitest";
import { startStubIngest } from "@millimetric-internal/test-support/stubIngest";
import { MillimetricClient, type ClientOptions } from "../src/index";

export const KEY = "sk_test_abcdef12_secretsecretsecret";

/** `startStubIngest`, closed after each test of the file that calls this. */
export function useStubs(): typeof startStubIngest {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return async (...args) => {
    const s = await startStubIngest(...args);
    open.push(s);
    return s;
  };
}

/** A client with fast retries that reports nowhere unless told. */
export const quietClient = (host: string, o: ClientOptions = {}) =>
  new MillimetricClient({ key: KEY, host, retryBaseMs: 10, onError: () => {}, ...o });

/** The error a promise rejects with (undefined when it resolves). */
export const rejectionOf = (p: Promise<unknown>): Promise<unknown> => p.then(() => undefined, (err: unknown) => err);
