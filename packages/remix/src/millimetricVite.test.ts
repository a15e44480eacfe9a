// Real Vite builds (the workspace's Vite) of a one-file app with the plugin from the built
// "./vite" entry: the guard must stop the build before a secret key reaches the bundle.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, createServer, type InlineConfig } from "vite";
import { MillimetricError } from "@millimetric/core";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

const entry: string = "@millimetric/remix/vite";
const { millimetricVite } = (await import(/* @vite-ignore */ entry)) as typeof import("./vite");

const dirs: string[] = [];
afterEach(() => vi.unstubAllEnvs());
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SECRET = "sk_test_0123abcd_secretsecretsecretsecret";

/** A Vite app whose browser code reads `import.meta.env.<name>`; `.env` holds `dotenv`. */
function app(name: string, dotenv = ""): string {
  const root = mkdtempSync(join(tmpdir(), "mm-vite-"));
  dirs.push(root);
  writeFileSync(join(root, "index.html"), '<!doctype html><script type="module" src="/main.js"></script>');
  writeFileSync(join(root, "main.js"), `document.title = String(import.meta.env.${name});`);
  writeFileSync(join(root, ".env"), dotenv);
  return root;
}
function viteBuild(root: string, config: InlineConfig = {}) {
  return build({ root, logLevel: "silent", configFile: false, build: { outDir: "dist" }, plugins: [millimetricVite()], ...config });
}
/** The bundled JavaScript of a finished build. */
function bundle(root: string): string {
  const assets = join(root, "dist", "assets");
  return readdirSync(assets)
    .map((f) => readFileSync(join(assets, f), "utf8"))
    .join("\n");
}

describe("millimetricVite()", () => {
  it("fails the build when VITE_MILLIMETRIC_KEY holds an sk_ key: names the variable, says to rotate, never prints the key", async () => {
    vi.stubEnv("VITE_MILLIMETRIC_KEY", SECRET);
    const root = app("VITE_MILLIMETRIC_KEY");
    const error = await viteBuild(root).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/^\[millimetric\] VITE_MILLIMETRIC_KEY \(sk_…\): a secret Millimetric key in a client variable/);
    expect(error?.message).toMatch(/Rotate the key now/);
    expect(error?.message).toMatch(/MILLIMETRIC_SECRET_KEY/);
    expect(error?.message).toMatch(/VITE_MILLIMETRIC_KEY=pk_…, read by <MillimetricProvider apiKey=\{import\.meta\.env\.VITE_MILLIMETRIC_KEY\}>/);
    expect(error?.message).not.toContain(SECRET.slice(3));
    expect(error).toBeInstanceOf(MillimetricError);
    expect(error).toMatchObject({ code: "invalid_key" });
    expect(readdirSync(root)).not.toContain("dist");
  });

  it("reads .env files too, and names every variable holding an sk_/rk_/ak_ key (quoted or not)", async () => {
    const root = app("VITE_A", `VITE_A="rk_live_abc"\nVITE_B=ak_test_abc\nVITE_C=pk_test_fine\nMILLIMETRIC_SECRET_KEY=${SECRET}\n`);
    await expect(viteBuild(root)).rejects.toThrow(/^\[millimetric\] VITE_A \(rk_…\), VITE_B \(ak_…\): /);
  });

  it("honours envPrefix: PUBLIC_ variables are checked, VITE_ ones are then not exposed", async () => {
    vi.stubEnv("PUBLIC_MM", SECRET);
    await expect(viteBuild(app("PUBLIC_MM"), { envPrefix: "PUBLIC_" })).rejects.toThrow(
      /^\[millimetric\] PUBLIC_MM \(sk_…\): .*every PUBLIC_ variable .*PUBLIC_MILLIMETRIC_KEY=pk_…/,
    );
    vi.unstubAllEnvs();
    vi.stubEnv("VITE_MILLIMETRIC_KEY", SECRET);
    const root = app("PUBLIC_MM");
    await viteBuild(root, { envPrefix: "PUBLIC_" });
    expect(bundle(root)).not.toContain(SECRET);
  });

  it("lets a pk_ key through: the build succeeds and the bundle carries it", async () => {
    vi.stubEnv("VITE_MILLIMETRIC_KEY", "pk_test_public_key");
    const root = app("VITE_MILLIMETRIC_KEY");
    await viteBuild(root);
    expect(bundle(root)).toContain("pk_test_public_key");
  });

  it("also refuses to start the dev server, unless { dev: false }", async () => {
    vi.stubEnv("VITE_MILLIMETRIC_KEY", SECRET);
    const root = app("VITE_MILLIMETRIC_KEY");
    const serve = (plugin: ReturnType<typeof millimetricVite>) =>
      createServer({ root, logLevel: "silent", configFile: false, plugins: [plugin], server: { port: 0, host: "127.0.0.1" } });
    await expect(serve(millimetricVite())).rejects.toThrow(/VITE_MILLIMETRIC_KEY \(sk_…\)/);
    const server = await serve(millimetricVite({ dev: false }));
    await server.close();
  });
});
