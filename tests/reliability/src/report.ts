import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const file = fileURLToPath(new URL("../test-artifacts/measurements.json", import.meta.url));

/** Records a measured outcome for RELIABILITY.md (test-artifacts/measurements.json). */
export function report(name: string, figures: Record<string, unknown>): void {
  mkdirSync(fileURLToPath(new URL("../test-artifacts", import.meta.url)), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(file, "utf8"));
  } catch {}
  all[name] = figures;
  writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
  console.log(`[reliability] ${name}: ${JSON.stringify(figures)}`);
}
