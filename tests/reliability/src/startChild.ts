import { spawn, type ChildProcess } from "node:child_process";

export interface Child {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node <args>` (or another command) that prints `READY <url>`. */
export function startChild(cmd: string, args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<Child> {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /READY (\S+)|Local:\s+(http\S+)/.exec(out);
      if (m) {
        child.stdout!.off("data", onData);
        child.stdout!.on("data", (more: Buffer) => (out += more));
        resolve({
          url: m[1] ?? m[2]!,
          child,
          exited,
          output: () => out,
          stop: (signal = "SIGTERM") => (child.exitCode !== null || child.signalCode !== null ? exited : (child.kill(signal), exited)),
        });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (out += d));
    void exited.then(({ code, signal }) => reject(new Error(`${args.join(" ")} exited (${code ?? signal}) before READY:\n${out}`)));
  });
}
