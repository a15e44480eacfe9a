// Installs the fixture app once for the whole run, from the packed tarballs (the way a
// user installs the package), and hands its folder to the suites through `inject`.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { installPackedApp } from "@millimetric-internal/test-support/packedApp";
import type { TestProject } from "vitest/node";

/** Exact versions the fixture installs (the README's tested versions). */
export const VERSIONS = { fastify: "5.12.8", fastifyCookie: "11.1.5" } as const;

declare module "vitest" {
  export interface ProvidedContext {
    /** The installed fixture app (test/fixtures/app with the packed packages). */
    fastifyApp: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = await installPackedApp({
    template: fileURLToPath(new URL("./fixtures/app", import.meta.url)),
    millimetric: ["@millimetric/fastify"],
    dependencies: { fastify: VERSIONS.fastify, "@fastify/cookie": VERSIONS.fastifyCookie },
    packageJson: { type: "module" },
  });
  project.provide("fastifyApp", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
