// Installs the fixture app once for the whole run, from the packed tarballs (the way a
// user installs the packages), and hands its folder to the suites through `inject`.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { installPackedApp } from "@millimetric-internal/test-support/packedApp";
import type { TestProject } from "vitest/node";

/** Exact versions the fixture installs (the README's tested versions). */
export const VERSIONS = { hono: "4.13.19", honoNodeServer: "2.1.9", esbuild: "0.25.12" } as const;

declare module "vitest" {
  export interface ProvidedContext {
    /** The installed fixture app (test/fixtures/app with the packed packages). */
    fetchApp: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = await installPackedApp({
    template: fileURLToPath(new URL("./fixtures/app", import.meta.url)),
    millimetric: ["@millimetric/fetch", "@millimetric/track-node", "@millimetric/core"],
    dependencies: { hono: VERSIONS.hono, "@hono/node-server": VERSIONS.honoNodeServer, esbuild: VERSIONS.esbuild },
    packageJson: { type: "module" },
  });
  project.provide("fetchApp", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
