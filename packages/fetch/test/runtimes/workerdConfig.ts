// A workerd configuration for one bundled Worker: listening on a port workerd picks
// (reported on --control-fd), allowed to reach the ingest on loopback (workerd's default
// outbound network allows public addresses only), with text bindings as its env.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export interface WorkerdConfig {
  /** Folder holding `worker.js` (the bundle); the config is written beside it. */
  dir: string;
  compatibilityFlags: string[];
  bindings: Record<string, string>;
}

/** Writes `config.capnp` into `dir` and returns its path. */
export function writeWorkerdConfig({ dir, compatibilityFlags, bindings }: WorkerdConfig): string {
  const text = (s: string) => JSON.stringify(s);
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ (name = "worker.js", esModule = embed "worker.js") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = [${compatibilityFlags.map(text).join(", ")}],
  bindings = [${Object.entries(bindings)
    .map(([name, value]) => `(name = ${text(name)}, text = ${text(value)})`)
    .join(", ")}],
);
`;
  const file = join(dir, "config.capnp");
  writeFileSync(file, config);
  return file;
}
