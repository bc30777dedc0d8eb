import { join } from "node:path";

/**
 * Where Go keeps its module and build caches during any build — the Go builder's, or a
 * Procfile app's `go build` in a build hook: the app's cache directory, not `$HOME/go`, so a
 * redeploy reuses them. The app's own settings win (spread after).
 */
export function goCacheEnv(cacheDir: string, env: Readonly<Record<string, string>>): Record<string, string> {
  const goPath = join(cacheDir, "go");
  return {
    GOPATH: env.GOPATH ?? goPath,
    GOMODCACHE: env.GOMODCACHE ?? join(goPath, "mod"),
    GOCACHE: env.GOCACHE ?? join(goPath, "build"),
    GOFLAGS: withModCacheRw(env.GOFLAGS),
  };
}

/** -modcacherw keeps the module cache deletable by the app's user; the app's own flags stay. */
export function withModCacheRw(flags: string | undefined): string {
  if (flags?.split(/\s+/).includes("-modcacherw")) return flags;
  return [flags, "-modcacherw"].filter((word) => word !== undefined && word !== "").join(" ");
}
