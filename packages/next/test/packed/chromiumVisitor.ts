// A visitor: real Chromium (Debian's, through playwright-core) with a fresh persistent
// profile, so no cookie and no localStorage exist before the first request, and every
// console message and page error is kept for the hydration check.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export interface ConsoleEntry {
  type: string;
  text: string;
  url: string;
}

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, and uncaught page errors (as type "pageerror"). */
  problems: ConsoleEntry[];
  close(): Promise<void>;
}

/**
 * A fresh visitor. `extraArgs` go to Chromium's command line, e.g.
 * `--host-resolver-rules=MAP shop.test 127.0.0.1` to open a local app under a real-looking host.
 */
export async function newVisitor(extraArgs: string[] = []): Promise<Visitor> {
  const profile = mkdtempSync(join(tmpdir(), "mm-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", ...extraArgs],
  });
  const problems: ConsoleEntry[] = [];
  const watch = (page: Page) => {
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") problems.push({ type: m.type(), text: m.text(), url: m.location().url });
    });
    page.on("pageerror", (e) => problems.push({ type: "pageerror", text: String(e.stack ?? e), url: page.url() }));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * What a test must not see in the console: hydration mismatches (React's dev text, or its
 * minified production errors #418/#423/#425), any uncaught error, and any other console
 * error. A missing favicon (the fixtures have none) is the one error every page may log.
 */
export function unexpectedProblems(problems: ConsoleEntry[]): ConsoleEntry[] {
  return problems.filter((p) => {
    if (/hydrat|#418|#419|#421|#422|#423|#425|did not match/i.test(p.text)) return true;
    if (p.type === "pageerror") return true;
    return p.type === "error" && !/\/favicon\.ico$/.test(p.url);
  });
}
