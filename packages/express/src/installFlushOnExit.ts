import { constants } from "node:os";
import type { ClientSource } from "./ClientSource";
import type { FlushOnExitOptions } from "./FlushOnExitOptions";

/** A middleware's wish to be flushed on some signals. */
interface Registration {
  source: Pick<ClientSource, "peek">;
  timeoutMs: number;
  signals: readonly NodeJS.Signals[];
}

/** Process-wide: every middleware with `flushOnExit`, and our one listener per signal. */
interface Registry {
  registrations: Registration[];
  listeners: Map<NodeJS.Signals, () => void>;
}

// On globalThis under a registered symbol so duplicate copies of the package (ESM and CJS,
// two versions in node_modules) share one listener per signal: two listeners of ours
// would each see the other as "the app's own" and never re-raise.
const REGISTRY = Symbol.for("millimetric.express.flushOnExit");

function registry(): Registry {
  const global = globalThis as { [REGISTRY]?: Registry };
  return (global[REGISTRY] ??= { registrations: [], listeners: new Map() });
}

/**
 * Registers `source` to be flushed on each of the signals. One listener per signal for
 * the whole process flushes every registered client (each once, bounded by the longest
 * `timeoutMs` asked for it), then, if nobody else listens for that signal, removes itself
 * and re-raises it so the process ends exactly as it would have without us. If the app
 * has its own listener we never exit: the app's handler owns shutdown. A second signal
 * during the flush skips the wait.
 */
export function installFlushOnExit(source: ClientSource, options: FlushOnExitOptions): void {
  const reg = registry();
  if (reg.registrations.some((r) => r.source === source)) return;
  const signals = options.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[]);
  reg.registrations.push({ source, timeoutMs: options.timeoutMs ?? 5000, signals });
  for (const signal of signals) {
    if (reg.listeners.has(signal)) continue;
    const listener = listenerFor(signal, reg);
    reg.listeners.set(signal, listener);
    process.on(signal, listener);
  }
}

function listenerFor(signal: NodeJS.Signals, reg: Registry): () => void {
  let flushing = false;
  const onSignal = async (): Promise<void> => {
    if (flushing) return reraise(signal, onSignal, reg);
    flushing = true;
    // Middlewares borrowing the default client (or given the same one) flush it once.
    const clients = new Map<{ flush(): Promise<unknown> }, number>();
    for (const { source, timeoutMs, signals } of reg.registrations) {
      if (!signals.includes(signal)) continue;
      const client = source.peek();
      if (client) clients.set(client, Math.max(clients.get(client) ?? 0, timeoutMs));
    }
    await Promise.all([...clients].map(([client, timeoutMs]) => flushWithin(client, timeoutMs, signal)));
    flushing = false;
    reraise(signal, onSignal, reg);
  };
  return onSignal;
}

async function flushWithin(client: { flush(): Promise<unknown> }, timeoutMs: number, signal: NodeJS.Signals): Promise<void> {
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

/** Re-raises `signal` with the default disposition, unless the app listens for it too. */
function reraise(signal: NodeJS.Signals, ours: () => void, reg: Registry): void {
  if (process.listeners(signal).some((l) => l !== ours)) return;
  process.removeListener(signal, ours);
  if (reg.listeners.get(signal) === ours) reg.listeners.delete(signal);
  process.kill(process.pid, signal);
  // Where a signal cannot be re-raised (Windows), end with the conventional status.
  setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100).unref();
}
