/**
 * A setting of an app's files that Hop3 read but set aside or adjusted, as data: `at` is where
 * it is, in the file's own terms (`app.json "formation.web.size"`, `hop3.toml [build] test`,
 * `ENV line 3: BIND_ADDRESS`); the rest says why. Worded by `renderConfigNotice` only.
 */
export type ConfigNotice =
  /** Understood by the format, not acted on yet. */
  | { code: "not-supported-yet"; at: string }
  /** A section for a tool Hop3 does not have. */
  | { code: "no-such-tool"; at: string; tool: "nix-builder" | "docker-builder" | "client-contexts" }
  /** The original Hop3's catch-all host `_`: hosts no app has get the server's 404 page. */
  | { code: "catch-all-host"; at: string }
  | { code: "domains-policy"; at: string }
  | { code: "volume-type-bind"; at: string }
  | { code: "volume-size-not-tmpfs"; at: string }
  /** A `[static]` entry other than "/". */
  | { code: "static-path-not-root"; at: string; path: string }
  /** A `[[ports]]` source other than "any": the firewall opens a port to all or none. */
  | { code: "port-source-not-opened"; at: string; port: number; protocol: string; source: string }
  /** HOST_NAME names domains, but hop3.toml [domains] list does too and wins. */
  | { code: "host-name-overridden"; file: string }
  /** A health check for a process type other than web. */
  | { code: "check-not-web"; at: string }
  | { code: "check-type-unsupported"; at: string; checkType: string }
  | { code: "check-warn-only"; at: string }
  /** A second startup check: Hop3 runs the first one, `chosen`. */
  | { code: "check-not-chosen"; at: string; chosen: string }
  | { code: "check-key-ignored"; at: string; key: "port" | "scheme" | "httpHeaders" | "onFailure" }
  /** A command or uptime check: the web process's port is checked instead. */
  | { code: "check-kind-replaced"; at: string; kind: "command" | "uptime" }
  | { code: "check-needs-path"; at: string }
  /** An older spelling set aside for the newer one, `by`. */
  | { code: "overridden"; at: string; by: string }
  /** app.json's health check, set aside because hop3.toml's (`by`) sets one. */
  | { code: "check-replaced"; at: string; by: string }
  | { code: "unknown-key"; file: string; key: string; suggestion: string | null }
  | { code: "first-deploy-script"; at: string }
  | { code: "ci-script"; at: string }
  /** A variable the app's files may not set (see `envNameProblem`). */
  | { code: "env-name-refused"; at: string; name: string }
  | { code: "generated-value-unsupported"; at: string; key: string }
  | { code: "required-without-value"; at: string; key: string }
  | { code: "quantity-capped"; at: string; asked: number; max: number }
  | { code: "buildpacks"; at: string }
  /** A cron entry among hop3.toml's [run.workers]. */
  | { code: "cron-in-workers"; at: string }
  | { code: "piku-catch-all"; at: string }
  | { code: "piku-static-path"; at: string; mapping: string }
  | { code: "piku-https-only"; at: string; value: string }
  /** A Piku setting with no Hop3 equivalent: it stays in the environment only. */
  | { code: "piku-inert"; at: string; key: string }
  /** hop3.toml [[ports]] could not be opened in the firewall; `error` is the firewall's error message. */
  | { code: "firewall-not-updated"; file: string; error: string };
