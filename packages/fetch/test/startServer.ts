// Starts a fixture server as a child process (any runtime) and waits until it listens:
// it prints {"port":N} on stdout, or workerd reports it on its control descriptor (fd 3).
import { spawn, type ChildProcess } from "node:child_process";
import { cleanEnv } from "@millimetric-internal/test-support/packedApp";

/** A running fixture server. */
export interface Served {
  url: string;
  /** What it wrote to stderr so far (a test asserts it stayed quiet). */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills what is still running (an afterAll safety net for failed tests). */
export async function stopAll(): Promise<void> {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  running.clear();
}

export function startServer(command: string, args: string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<Served> {
  // No MILLIMETRIC_* or NODE_ENV from the developer's shell: each case sets what it tests.
  const env = cleanEnv({ MILLIMETRIC_SECRET_KEY: undefined, MILLIMETRIC_HOST: undefined, NODE_ENV: undefined, ...options.env });
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const child = spawn(command, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe", "pipe"] });
  running.add(child);
  let stdout = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise<Served>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${command} ${args.join(" ")} did not listen within 60 s`)), 60_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${err.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
    };
    const look = (text: string) => {
      const port = /"port":(\d+)/.exec(text)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}`,
        stderr: () => stderr,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGTERM");
            const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
            await exited;
            clearTimeout(kill);
          }
          running.delete(child);
        },
      });
    };
    child.stdout!.on("data", (d: Buffer) => look((stdout += d)));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    let control = "";
    (child.stdio[3] as NodeJS.ReadableStream | null)?.on("data", (d: Buffer) => look((control += d)));
    child.once("error", (err) => fail(err));
    void exited.then(() => fail(new Error(`${command} ${args.join(" ")} exited before listening (code ${child.exitCode}, signal ${child.signalCode})`)));
  });
}
