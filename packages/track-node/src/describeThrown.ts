/**
 * A thrown value (or any value) as one line of a message, never throwing. `String(value)`
 * throws for an object without a prototype, one whose `toString` throws and some proxies,
 * and an error hook that throws must never make `track()` throw; a line break or control
 * character in a message would let an attacker-chosen value forge log lines, so they are
 * escaped as JSON escapes them.
 *
 * @example describeThrown(new Error("boom")) // "Error: boom"
 * @example describeThrown(new Error("a\nb")) // "Error: a\\nb"
 * @example describeThrown(Object.create(null)) // "[object Object]"
 */
export function describeThrown(value: unknown): string {
  let text: string;
  try {
    text = String(value);
  } catch {
    try {
      text = Object.prototype.toString.call(value);
    } catch {
      text = "a value that cannot be printed";
    }
  }
  return JSON.stringify(text).slice(1, -1);
}
