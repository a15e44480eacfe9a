import { constants } from "node:os";
import type { ClientSource } from "./ClientSource";
import type { FlushOnExitOptions } from "./FlushOnExitOptions";

const installed = new WeakSet<ClientSource>();

/**
 * On each signal: flush (bounded by `timeoutMs`), then, if nobody else listens for that
 * signal, remove our listener and re-raise it so the process ends exactly as it would
 * have without us. If the app has its own listener we never exit: the app's handler
 * owns shutdown. A second signal during the flush skips the wait.
 */
export function installFlushOnExit(source: ClientSource, options: FlushOnExitOptions): void {
  if (installed.has(source)) return;
  installed.add(source);
  const timeoutMs = options.timeoutMs ?? 5000;
  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[])) {
    let flushing = false;
    const onSignal = async (): Promise<void> => {
      if (flushing) return reraise(signal, onSignal);
      flushing = true;
      const client = source.peek();
      if (client) {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
        await Promise.race([
          client.flush().catch((err: unknown) => {
            console.error(`[millimetric] flush on ${signal} failed: ${err instanceof Error ? err.message : String(err)}`);
          }),
          timedOut,
        ]);
        clearTimeout(timer);
      }
      flushing = false;
      reraise(signal, onSignal);
    };
    process.on(signal, onSignal);
  }
}

/** Re-raises `signal` with the default disposition, unless the app listens for it too. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function reraise(signal: NodeJS.Signals, ours: (...args: any[]) => void): void {
  if (process.listeners(signal).some((l) => l !== ours)) return;
  process.removeListener(signal, ours);
  process.kill(process.pid, signal);
  // Where a signal cannot be re-raised (Windows), end with the conventional status.
  setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100).unref();
}
