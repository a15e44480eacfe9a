import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileUserAgents } from "../../test/hostileUserAgents";
import { parseUserAgentBefore } from "../../test/parseUserAgentBefore";
import { REAL_USER_AGENTS } from "../../test/userAgents";
import { parseUserAgent, USER_AGENT_READ_LIMIT, type UserAgentWork } from "./parseUserAgent";

// Work is counted in the parser's own steps (characters visited and compared), never
// timed: the CI box is a loaded 2-core machine.
const stepsOf = (ua: string) => {
  const work: UserAgentWork = { steps: 0 };
  parseUserAgent(ua, work);
  return work.steps;
};
/** A ceiling that holds for any string: each character read costs at most this many steps. */
const MAX_STEPS_PER_CHAR = 6;
const LONGEST_REAL = REAL_USER_AGENTS.reduce((a, b) => (b.ua.length > a.ua.length ? b : a)).ua;

// Strings made of the rules' own tokens and near misses, so random ones hit the rules.
const TOKENS = [
  "Mozilla/5.0 ", "(", ")", "; ", " ", "/", ".", "1", "17_4", "\n", "\u2028",
  "Version/", "Version/1", "Safari/", "Safari", "xSafari/", "Chrome/", "CriOS/", "HeadlessChrome/", "Edg/", "Edge/", "EdgA/", "EdgiOS/",
  "OPR/", "Opera", "SamsungBrowser/", "Firefox/", "FxiOS/", "Windows NT", "Windows NT_", "Mac OS X", "Mac OS X1", "iPhone", "iPad", "iPod",
  "iPh", "Android", "CrOS", "Linux", "Mobile", "Mobi", "Tablet", "bot", "Bot", "BOT", "crawler", "CRAWLER", "spider", "slurp", "_", "é",
];
const uaLike = (maxLength: number) =>
  fc.oneof(
    fc.array(fc.constantFrom(...TOKENS), { maxLength: Math.ceil(maxLength / 3) }).map((t) => t.join("").slice(0, maxLength)),
    fc.string({ unit: "binary", maxLength }),
    fc.constantFrom(...REAL_USER_AGENTS.map((r) => r.ua)),
  );

describe("parseUserAgent", () => {
  it("answers for real browsers and crawlers what the events page has always shown", () => {
    for (const { ua, ...facts } of REAL_USER_AGENTS) {
      expect(parseUserAgent(ua), ua).toEqual(facts);
      expect(parseUserAgent(ua), ua).toEqual(parseUserAgentBefore(ua));
    }
    expect(parseUserAgent(undefined)).toEqual({ browser: null, os: null, device_type: null });
    expect(parseUserAgent("")).toEqual({ browser: null, os: null, device_type: null });
  });

  it("reads at most 512 characters: any header answers what its first 512 characters answered before (fast-check)", () => {
    expect(USER_AGENT_READ_LIMIT).toBeLessThanOrEqual(512);
    fc.assert(
      fc.property(fc.oneof(uaLike(600), fc.tuple(uaLike(600), uaLike(600)).map(([a, b]) => a.padEnd(USER_AGENT_READ_LIMIT, " ") + b)), (ua) => {
        expect(parseUserAgent(ua)).toEqual(parseUserAgentBefore(ua.slice(0, 512)));
      }),
      { numRuns: 3000 },
    );
  });

  it("answers a 15 KB hostile header from its first 512 characters, whatever its tail says", () => {
    for (const [shape, ua] of Object.entries(hostileUserAgents(15 * 1024))) {
      expect(ua.length, shape).toBeGreaterThanOrEqual(15 * 1024);
      expect(parseUserAgent(ua), shape).toEqual(parseUserAgent(ua.slice(0, 512)));
      expect(parseUserAgent(ua), shape).toEqual(parseUserAgentBefore(ua.slice(0, 512)));
    }
  });

  it("works in time linear in what it reads, so a 15 KB or 1 MB hostile header costs no more than its first 512 characters", () => {
    const normal = stepsOf(LONGEST_REAL);
    expect(normal).toBeGreaterThan(0);
    const rows = Object.entries(hostileUserAgents(15 * 1024)).map(([shape, ua]) => {
      const steps = stepsOf(ua);
      expect(steps, shape).toBe(stepsOf(ua.slice(0, 512)));
      expect(steps, shape).toBe(stepsOf(hostileUserAgents(1024 * 1024)[shape]!));
      expect(steps, shape).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * USER_AGENT_READ_LIMIT);
      return { shape, steps, timesTheLongestRealOne: +(steps / normal).toFixed(2) };
    });
    // For the record (RELIABILITY.md): each shape's steps, and as a multiple of the longest real User-Agent's.
    console.info(
      `[parseUserAgent] ${LONGEST_REAL.length}-character real User-Agent: ${normal} steps; 15 KB hostile: ` +
        rows.map((r) => `${r.shape} ${r.steps} (${r.timesTheLongestRealOne}×)`).join("; "),
    );
    for (const { ua } of REAL_USER_AGENTS) expect(stepsOf(ua), ua).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * ua.length + MAX_STEPS_PER_CHAR);
  });

  it("never takes more than 6 steps a character read, whatever the header (fast-check)", () => {
    fc.assert(
      fc.property(uaLike(2000), (ua) => {
        const steps = stepsOf(ua);
        if (ua) expect(steps).toBeGreaterThan(0);
        expect(steps).toBeLessThanOrEqual(MAX_STEPS_PER_CHAR * (Math.min(ua.length, USER_AGENT_READ_LIMIT) + 1));
      }),
      { numRuns: 2000 },
    );
  });
});
