import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";

/** Runs a command in `cwd` to completion; rejects with its output when it exits non-zero. */
export function runCommand(cwd: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}`))));
  });
}

/**
 * Resolves once something accepts connections on 127.0.0.1:port; rejects when `child` exits
 * first, or after two minutes (a start on a loaded machine is slow, not broken).
 */
export async function waitUntilListening(port: number, child: ChildProcess, log: () => string, name = "the app"): Promise<void> {
  const end = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}):\n${log()}`);
    const open = await new Promise<boolean>((r) => {
      const s = connect(port, "127.0.0.1", () => (s.end(), r(true))).on("error", () => r(false));
    });
    if (open) return;
    if (Date.now() > end) throw new Error(`${name} did not listen on ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
