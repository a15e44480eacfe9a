import { spawn } from "node:child_process";

/**
 * Starts a node script that prints `READY <url> [<url2>]`; resolves with the urls and a
 * stop(). `node` is the Node binary to run it with (the bench measures several versions).
 */
export function startChild(script, args = [], env = {}, node = process.execPath) {
  const child = spawn(node, [script, ...args], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      const m = /READY (\S+)(?: (\S+))?/.exec(buf);
      if (m) resolve({ url: m[1], extra: m[2], child, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once("exit", r), child.kill("SIGTERM")))) });
    });
    child.once("exit", (code) => reject(new Error(`${script} exited (${code}) before READY`)));
  });
}

/** Runs a node script to completion and parses the last stdout line as JSON. */
export function runJson(script, args = [], nodeArgs = [], node = process.execPath, env = {}) {
  const child = spawn(node, [...nodeArgs, script, ...args], { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      const last = out.trim().split("\n").pop();
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${script} ${args.join(" ")} exited ${code}: ${out.slice(-500)}`));
      }
    });
  });
}
