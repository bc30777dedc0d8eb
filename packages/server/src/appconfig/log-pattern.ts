let linearEngine = false;

/**
 * V8's linear-time regular expression engine (the `l` flag, an automaton without backtracking):
 * an app's log-pattern runs inside the daemon on lines the app writes, so neither the pattern
 * nor the lines may make a match take more than linear time (ADR 62). The flag is read when an
 * expression is compiled, so setting it before the first `l` pattern is enough; `node:v8` is
 * loaded then, not at start (docs/adr/0064-daemon-node-tuned-for-memory.md).
 */
function enableLinearEngine(): void {
  if (linearEngine) return;
  process.getBuiltinModule("node:v8").setFlagsFromString("--enable-experimental-regexp-engine");
  linearEngine = true;
}

/** Longest pattern accepted, and longest part of a line matched against it. */
export const maxPatternLength = 200;
export const maxMatchedLineLength = 4096;

/**
 * Compiles a hop3.toml `[alerts] log-pattern`: a JavaScript regular expression without what
 * needs backtracking (back-references), run by the linear engine. Throws a message naming what
 * is wrong.
 */
export function compileLogPattern(pattern: string): RegExp {
  if (pattern.length === 0 || pattern.length > maxPatternLength) throw new Error(`it must be 1 to ${maxPatternLength} characters long`);
  let compiled: RegExp;
  enableLinearEngine();
  try {
    compiled = new RegExp(pattern, "l");
  } catch (error) {
    const message = (error as Error).message;
    if (/linear time/.test(message)) throw new Error("it needs back-references (or another construct that cannot run in linear time): use a plain regular expression");
    throw new Error(message.replace(/^Invalid regular expression: /, "").replace(/\/l: /, "/: "));
  }
  // Should a Node.js ever drop the engine, refuse rather than backtrack.
  if (!compiled.flags.includes("l")) throw new Error("this Node.js cannot run patterns in linear time");
  return compiled;
}

/** Why `pattern` is not a usable log-pattern, or undefined. */
export function logPatternProblem(pattern: string): string | undefined {
  try {
    compileLogPattern(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
