/**
 * How the root parent runs the daemon's Node (ADR 64): flags and allocator settings for a
 * small resident set in a process that mostly waits. The flags come before the parent's own
 * (`bin/hop3-server`'s) and the allocator setting gives way to one in the environment, so an
 * operator's `node --max-opt=3` (through `HOP3_NODE`) or `MALLOC_ARENA_MAX` wins.
 */

/**
 * - `--max-opt=2`: Maglev is the top tier; TurboFan's code (~5 MiB of the `node` binary's
 *   pages) and its compilations are never touched.
 * - `--optimize-for-size`: V8 favours memory in its heap sizing and inline caches.
 */
export const daemonNodeFlags: readonly string[] = ["--max-opt=2", "--optimize-for-size"];

/**
 * One glibc malloc arena: V8's and libuv's threads otherwise each keep an arena of their own,
 * with what a compilation or a file read freed still resident in it.
 */
export function daemonEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: "1", ...env };
}
