/**
 * Variables an app may not set: they make the C library or the dynamic loader load code or read
 * files named in them, in every program started with them (ADR 22). Since the app's environment
 * only reaches the app's own final process, they could do no more than the app itself can; they
 * are refused anyway so that no slip in a spawn path can turn one into code running as someone
 * else. A closed list, from glibc's list of variables it drops for setuid programs, less those
 * apps set for good reasons and that name no code (TMPDIR, TZDIR, LOCALDOMAIN, RES_OPTIONS):
 * every `LD_*` (the loader's own namespace: LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT…), and
 * GLIBC_TUNABLES, GCONV_PATH, GETCONF_DIR, HOSTALIASES, LOCPATH, MALLOC_TRACE, NIS_PATH,
 * NLSPATH, RESOLV_HOST_CONF. Interpreter variables (PERL5OPT, NODE_OPTIONS, PYTHONPATH…) are
 * apps' everyday settings and stay allowed: they act only in the app's own interpreters.
 */
export const loaderVariables: readonly string[] = ["GLIBC_TUNABLES", "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF"];

/** True for a variable of the closed list above. */
export function isLoaderVariable(name: string): boolean {
  return name.startsWith("LD_") || loaderVariables.includes(name);
}

/** Why `name` is refused, for a message that names its source first (`.env line 3: …`). */
export function loaderVariableProblem(name: string): string {
  return `${name} may not be set: variables that make the loader or the C library load code or read files (LD_*, GLIBC_TUNABLES, GCONV_PATH, LOCPATH…) are refused for apps`;
}
