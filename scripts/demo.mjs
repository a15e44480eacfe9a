// `npm run demo`: everything a newcomer needs, on embedded defaults. Installs what is
// missing, builds the packages and the demo app, starts the local ingest server on
// 127.0.0.1:8787 and the demo on 127.0.0.1:3000, prints both URLs, stops both on Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const demo = `${root}apps/demo-next`;
const INGEST_PORT = Number(process.env.MILLIMETRIC_INGEST_PORT ?? 8787);
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 3000);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const say = (m) => console.log(`\x1b[1m[demo]\x1b[0m ${m}`);
const startedAt = Date.now();
const seconds = (since) => `${Math.round((Date.now() - since) / 1000)} s`;

/**
 * Runs a step to completion, its output shown as it comes. Steps that print nothing for a
 * long time (npm ci compiling better-sqlite3) get a heartbeat line, so a first run never
 * looks hung; each step ends with how long it took.
 */
function run(cmd, args, what, cwd = root) {
  const since = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: "inherit", env });
    const heartbeat = setInterval(() => say(`still ${what}… ${seconds(since)} so far`), 20_000);
    child.on("exit", (code, signal) => {
      clearInterval(heartbeat);
      if (code !== 0) {
        say(`\`${cmd} ${args.join(" ")}\` failed (${signal ?? `exit ${code}`}) after ${seconds(since)}.`);
        process.exit(code ?? 1);
      }
      say(`done ${what} in ${seconds(since)}.`);
      resolve();
    });
  });
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer().once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

async function waitUp(url, child, name) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited (code ${child.exitCode}) before it answered`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${name} did not answer at ${url} within 60 s`);
}

for (const [port, what, envName] of [[INGEST_PORT, "ingest server", "MILLIMETRIC_INGEST_PORT"], [DEMO_PORT, "demo app", "DEMO_PORT"]]) {
  if (!(await portFree(port))) {
    say(`port ${port} (the ${what}) is in use: stop what runs there, or set ${envName} to another port.`);
    process.exit(1);
  }
}
if (!existsSync(`${root}node_modules/.package-lock.json`)) {
  say("installing dependencies (npm ci): a few minutes the first time — better-sqlite3 compiles from source where no prebuilt binary can be fetched…");
  // --foreground-scripts: the native build's own progress is shown instead of minutes of silence.
  await run("npm", ["ci", "--no-audit", "--no-fund", "--foreground-scripts"], "installing dependencies");
}
say("building the packages and the demo (cached after the first run)…");
// Static pages bake the browser's ingest host in at build time.
env.MILLIMETRIC_BROWSER_HOST = `http://127.0.0.1:${INGEST_PORT}`;
await run("npx", ["turbo", "run", "build", "--filter=demo-next...", "--output-logs=errors-only"], "building");

// The demo's .env holds the development keys the local ingest server must accept.
process.loadEnvFile(`${demo}/.env`);
const ingestUrl = `http://127.0.0.1:${INGEST_PORT}`;
const demoUrl = `http://127.0.0.1:${DEMO_PORT}`;
const children = [];
const start = (name, cmd, args, cwd, extra) => {
  const child = spawn(cmd, args, { cwd, env: { ...env, ...extra }, stdio: ["ignore", "inherit", "inherit"] });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      say(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping the rest.`);
      stop(1);
    }
  });
  return child;
};
let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  say("stopping…");
  await Promise.all(
    children.map((c) =>
      c.exitCode !== null || c.signalCode !== null
        ? null
        : new Promise((r) => {
            c.once("exit", r);
            c.kill("SIGTERM");
            setTimeout(() => c.kill("SIGKILL"), 5000).unref();
          }),
    ),
  );
  process.exit(code);
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

const ingest = start("ingest server", process.execPath, [`${root}packages/ingest/dist/cli.js`, "--port", String(INGEST_PORT), "--db", `${root}.millimetric/ingest.sqlite`], root, {
  MILLIMETRIC_PUBLISHABLE_KEY: process.env.NEXT_PUBLIC_MILLIMETRIC_KEY,
  MILLIMETRIC_SECRET_KEY: process.env.MILLIMETRIC_SECRET_KEY,
  MILLIMETRIC_READ_KEY: process.env.MILLIMETRIC_READ_KEY,
});
const next = start("demo app", "npx", ["next", "start", "-H", "127.0.0.1", "-p", String(DEMO_PORT)], demo, {
  MILLIMETRIC_HOST: ingestUrl,
  MILLIMETRIC_BROWSER_HOST: ingestUrl,
});
try {
  // Probe pages that track nothing, so the events page starts empty (the home page tracks a
  // server event, and the probe is no browser: it would show up as an unstitched event).
  await Promise.all([waitUp(`${ingestUrl}/`, ingest, "the ingest server"), waitUp(`${demoUrl}/static`, next, "the demo app")]);
} catch (err) {
  say(String(err.message));
  await stop(1);
}
console.log(`
  \x1b[1mMillimetric demo is running\x1b[0m (ready ${seconds(startedAt)} after npm run demo)
    demo app      ${demoUrl}   ← click around: options A/B/C, sign up, buy
    events page   ${ingestUrl}/   ← the same visitor's browser and server events, stitched
    backfill      npm run backfill -w apps/demo-next   (in another terminal)

  Ctrl-C stops both.
`);
