/**
 * The configuration of one app release, merged from its `hop3.toml`, `Procfile` and
 * `ENV`/`.env` files. Produced by `appconfig/load-app-config.ts`; consumed by builders,
 * the deploy pipeline and the supervisor.
 */
export interface AppConfig {
  /** `[metadata] id` from hop3.toml, when present. */
  readonly id: string | null;
  /** Process type -> shell command, e.g. `{ web: "gunicorn app:app" }`. Excludes `static`, `release`, `cron` and hooks. */
  readonly processes: Readonly<Record<string, string>>;
  /** Directory (relative to the app) served by the proxy, from `static:` in the Procfile or `[static] "/"` in hop3.toml. */
  readonly staticRoot: string | null;
  /** Default environment: ENV, then .env, then hop3.toml `[env]` (later wins). */
  readonly env: Readonly<Record<string, string>>;
  /** `[build] toolchain` from hop3.toml: names the builder instead of detection. */
  readonly toolchain: string | null;
  /** Shell commands run around the build, in the app directory, as the app's user. */
  readonly buildHooks: { readonly before: readonly string[]; readonly build: readonly string[]; readonly after: readonly string[] };
  /** Settings understood by the format but not acted on yet; shown to the user as warnings. */
  readonly warnings: readonly string[];
  /** The configuration files that were read, relative to the app directory. */
  readonly files: readonly string[];
}
