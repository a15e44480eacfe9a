import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { cleanEnv, repoRoot } from "@millimetric-internal/test-support/packedApp";
import { installRuntime } from "../../../packages/fetch/test/runtimes/installRuntime";

/** What a shell command printed and how it exited. */
export interface CommandResult {
  code: number;
  output: string;
}

/**
 * Runs `command` in `cwd` the way a maintainer would, with the repository's `changeset`
 * binary on the PATH and the runtime matrix's Node 24 as `node`: @changesets/cli 3 needs
 * Node ^22.11 or 24 (it calls `module.enableCompileCache`), which the root's Node 20 is not.
 */
export async function shell(command: string, cwd: string): Promise<CommandResult> {
  const node24 = await installRuntime("node24");
  const path = [dirname(node24), join(repoRoot, "node_modules", ".bin"), process.env.PATH].join(":");
  return new Promise((resolve) =>
    execFile("sh", ["-c", command], { cwd, env: cleanEnv({ PATH: path, NO_COLOR: "1", CI: "1" }), maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, output: stdout + stderr }),
    ),
  );
}
