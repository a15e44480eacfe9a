import { execFile } from "node:child_process";
import { cleanEnv } from "@millimetric-internal/test-support/packedApp";

/**
 * The paths (relative, `/`-separated) `npm pack` puts in `dir`'s tarball, from a dry run:
 * the same file list `npm publish` uploads, without writing a tarball.
 */
export function packedFiles(dir: string): Promise<string[]> {
  return new Promise((resolve, reject) =>
    execFile(
      "npm",
      ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"],
      { cwd: dir, env: cleanEnv(), maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`npm pack --dry-run in ${dir} failed:\n${stdout}\n${stderr}`));
        const [result] = JSON.parse(stdout) as [{ files: { path: string }[] }];
        resolve(result.files.map((f) => f.path));
      },
    ),
  );
}
