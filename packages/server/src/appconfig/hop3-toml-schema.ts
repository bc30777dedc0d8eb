import { Type } from "@sinclair/typebox";
import type { Static, TLiteral, TSchema, TUnion } from "@sinclair/typebox";
import { durationPattern } from "./duration.ts";

// Schemas may carry `expected`: how error messages describe a valid value (see schema-problems.ts).

/** Toolchains `[build] toolchain` may name instead of letting Hop3 detect one. */
export const toolchains = ["python", "node", "ruby", "go", "rust", "php", "java", "clojure", "static", "procfile"] as const;

/** Values of `[build] builder`; `local` and `native` are synonyms. */
export const builders = ["auto", "local", "native", "docker", "nix"] as const;

/** Alphabets of generated secrets, `[env] NAME = { generate = "hex", length = 64 }`. */
export const secretAlphabets = ["hex", "base64", "base64url", "urlsafe", "alphanumeric", "password", "uuid"] as const;

/** What `[env] NAME = { key = "…" }` may refer to of the app itself. */
export const appReferences = ["domain", "hostname", "name"] as const;

const closed = { additionalProperties: false } as const;

function oneOf<const Values extends readonly string[]>(values: Values): TUnion<TLiteral<Values[number]>[]> {
  return Type.Union(values.map((value) => Type.Literal(value)));
}

function optional<Schema extends TSchema>(schema: Schema) {
  return Type.Optional(schema);
}

const text = Type.String();
const textList = Type.Array(Type.String());
const commands = Type.Union([Type.String(), Type.Array(Type.String())], { expected: "a command or an array of commands" });
const durationExpected = 'a positive number of seconds or a duration such as "5s", "500ms" or "1m"';
// Each variant repeats `expected`: a value of the variant's type is explained by the variant.
const duration = Type.Union(
  [Type.Number({ exclusiveMinimum: 0, expected: durationExpected }), Type.String({ pattern: durationPattern, expected: durationExpected })],
  { expected: durationExpected },
);
const urlPath = Type.String({ pattern: "^/", expected: 'a URL path starting with "/"' });
const portNumber = Type.Integer({ minimum: 1, maximum: 65535, expected: "a port number (1-65535)" });
const appId = Type.String({
  pattern: "^[a-z][a-z0-9-]{1,63}$",
  expected: "2 to 64 lowercase letters, digits and hyphens, starting with a letter",
});

const generatedSecret = Type.Object(
  {
    generate: oneOf(secretAlphabets),
    length: optional(Type.Integer({ minimum: 8, maximum: 1024, expected: "an integer from 8 to 1024" })),
    prefix: optional(text),
    // Print the value in the deploy output when it is generated (an initial admin password).
    display: optional(Type.Boolean()),
  },
  closed,
);

/** `{ key = "hostname" }` (the app's own) or `{ from = "<addon>", key = "DATABASE_URL" }` (an addon's). */
const envReference = Type.Object({ key: Type.String({ minLength: 1 }), from: optional(Type.String({ minLength: 1 })) }, closed);

/** A `[env]` value: a string, a secret Hop3 generates once and keeps, or a reference. */
export const envValueSchema = Type.Union([Type.String(), generatedSecret, envReference], { expected: "a string" });

/** Whether hop3.toml's [env] gives way to config vars (`keep-existing`, the default) or wins over them. */
export const envPolicies = ["keep-existing", "override"] as const;

/** A `[cron.<name>]` table: a scheduled job. */
const cronJob = Type.Object(
  {
    schedule: Type.String({ expected: 'a cron schedule (a string such as "*/5 * * * *" or "@daily")' }),
    command: Type.String({ minLength: 1, expected: "a command (a non-empty string)" }),
  },
  closed,
);

const addonBackup = Type.Object({ method: optional(text), schedule: optional(text) }, closed);
const providerBackup = Type.Object({ method: optional(text), destination: optional(text), frequency: optional(text), schedule: optional(text) }, closed);

const portTable = Type.Object(
  { container: optional(portNumber), public: optional(Type.Boolean()), https: optional(Type.Boolean()) },
  closed,
);

/** The whole `hop3.toml` format. Unknown keys are errors everywhere except where names are free. */
export const hop3TomlSchema = Type.Object(
  {
    // Every key optional (the 2026 schema): without `id` the app's name comes from the CLI or the git remote.
    metadata: optional(
      Type.Object(
        {
          id: optional(appId),
          name: optional(text),
          version: optional(text),
          title: optional(text),
          description: optional(text),
          author: optional(text),
          license: optional(text),
          homepage: optional(text),
          categories: optional(textList),
          tags: optional(textList),
        },
        closed,
      ),
    ),
    build: optional(
      Type.Object(
        {
          builder: optional(oneOf(builders)),
          toolchain: optional(oneOf(toolchains)),
          "before-build": optional(commands),
          build: optional(commands),
          "after-build": optional(commands),
          test: optional(commands),
          packages: optional(textList),
          "pip-install": optional(textList),
          ignore: optional(textList),
          "ignore-file": optional(text),
          // The static builder's root (the original's default is "public", Hop3 looks for index.html).
          "static-dir": optional(Type.String({ minLength: 1, expected: 'a directory of the app, such as "dist"' })),
          // The Node.js major the app needs; the build fails clearly when the server's Node differs.
          "node-version": optional(Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: "^v?[0-9]+(\\.[0-9x*]+){0,2}$" })], { expected: 'a Node.js major version such as 20 or "20"' })),
          "package-manager": optional(Type.String({ pattern: "^[a-z][a-z0-9-]*$", expected: 'a package manager name such as "uv" or "pnpm"' })),
          // The Go main package(s) to build, e.g. "./cmd/server"; not in the original Hop3 format.
          "go-main": optional(Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })], { expected: 'a package path such as "./cmd/server", or an array of them' })),
          // How long the build may run; not in the original Hop3 format (ADR 23). It can only lower the server's build-timeout.
          timeout: optional(duration),
        },
        closed,
      ),
    ),
    run: optional(
      Type.Object(
        {
          start: optional(text),
          "before-run": optional(commands),
          packages: optional(textList),
          "start-timeout": optional(duration),
          healthcheck: optional(urlPath),
          "healthcheck-timeout": optional(duration),
          workers: optional(Type.Record(Type.String(), Type.String({ expected: "a command (a string)" }))),
          // URL path → directory, as the top-level [static] (the 2026 schema's place for it).
          static: optional(Type.Record(Type.String(), Type.String({ expected: "a directory or file (a string)" }))),
        },
        closed,
      ),
    ),
    // Variables by name, plus `_policy` and `[env.computed]` (`${VAR}` interpolated at each start).
    env: optional(
      Type.Object(
        {
          _policy: optional(oneOf(envPolicies)),
          computed: optional(Type.Record(Type.String(), Type.String({ expected: 'a string such as "${DATABASE_URL}?sslmode=require"' }))),
        },
        { additionalProperties: envValueSchema },
      ),
    ),
    domains: optional(Type.Object({ list: optional(textList), _policy: optional(text) }, closed)),
    static: optional(Type.Record(Type.String(), Type.String({ expected: "a directory or file (a string)" }))),
    // Scheduled jobs by name; not in the original Hop3 format (ADR 16).
    cron: optional(Type.Record(Type.String(), cronJob)),
    healthcheck: optional(
      Type.Object(
        {
          path: optional(urlPath),
          // Text the response body must contain, as in [[test.validations]] and the original Hop3.
          contains: optional(text),
          interval: optional(duration),
          timeout: optional(duration),
          // Attempts after the first failed one: `retries = 0` tries once.
          retries: optional(Type.Integer({ minimum: 0, expected: "a whole number" })),
        },
        closed,
      ),
    ),
    // Alert rules of the app (docs/monitoring.md): a pattern its log lines must not match.
    alerts: optional(Type.Object({ "log-pattern": optional(Type.String({ minLength: 1, maxLength: 200, expected: 'a regular expression such as "FATAL|OutOfMemoryError" (at most 200 characters)' })) }, closed)),
    addons: optional(
      Type.Array(
        Type.Object({ type: text, name: optional(text), version: optional(text), extensions: optional(textList), backup: optional(addonBackup) }, closed),
      ),
    ),
    // The older spelling of [[addons]]: `name` (referenced from [env]), `type` (else `name` is the type).
    provider: optional(Type.Array(Type.Object({ name: text, type: optional(text), version: optional(text), backup: optional(providerBackup) }, closed))),
    backup: optional(Type.Object({ paths: optional(textList), exclude: optional(textList) }, closed)),
    volumes: optional(
      Type.Array(
        Type.Object(
          {
            name: Type.String({ pattern: "^[a-z0-9][a-z0-9_-]{0,62}$", expected: "a volume name (lowercase letters, digits, - and _)" }),
            target: Type.String({ minLength: 1, expected: 'a directory relative to the app, such as "uploads"' }),
            type: optional(oneOf(["persist", "tmpfs", "bind"] as const)),
            // A tmpfs's size limit (default 64M); other types are not limited.
            size: optional(Type.String({ pattern: "^[0-9]+(\\.[0-9]+)?([KMGTkmgt]i?[Bb]?)?$", expected: 'a size such as "64M" or "1G"' })),
            mode: optional(text),
            backup: optional(Type.Object({ include: Type.Boolean() }, closed)),
          },
          closed,
        ),
      ),
    ),
    limits: optional(
      Type.Object(
        {
          memory: optional(Type.String({ pattern: "^[0-9]+(\\.[0-9]+)?([KMGTkmgt]i?[Bb]?)?$", expected: 'a size such as "768M" or "2G"' })),
          cpu: optional(Type.Number({ exclusiveMinimum: 0, expected: "a positive number of CPUs, such as 1.0" })),
          processes: optional(Type.Integer({ minimum: 1, expected: "a whole number of processes and threads, at least 1" })),
        },
        closed,
      ),
    ),
    // `[port]` holds one port's settings, or named ports as `[port.<name>]` tables or `name = number`.
    port: optional(
      Type.Object(
        { container: optional(portNumber), public: optional(Type.Boolean()), https: optional(Type.Boolean()) },
        { additionalProperties: Type.Union([portNumber, portTable], { expected: "a port number or a table of container, public and https" }) },
      ),
    ),
    ports: optional(
      Type.Array(
        Type.Object(
          {
            number: portNumber,
            protocol: optional(oneOf(["tcp", "udp"] as const)),
            name: optional(text),
            source: optional(text),
          },
          closed,
        ),
      ),
    ),
    waf: optional(
      Type.Object(
        {
          enabled: optional(Type.Boolean()),
          mode: optional(oneOf(["block", "detect"] as const)),
          ruleset: optional(text),
          paranoia: optional(Type.Integer({ minimum: 1, maximum: 4, expected: "a paranoia level from 1 to 4" })),
          allow: optional(textList),
          tuning: optional(
            Type.Array(
              Type.Object(
                { paths: optional(textList), "disable-rule-ids": optional(Type.Array(Type.Integer())), "skip-body-inspection": optional(Type.Boolean()), reason: optional(text) },
                closed,
              ),
            ),
          ),
          bans: optional(Type.Object({ enabled: optional(Type.Boolean()), threshold: optional(Type.Integer()), window: optional(duration), duration: optional(duration) }, closed)),
        },
        closed,
      ),
    ),
    // Read by the client: which app this directory deploys to.
    cli: optional(Type.Object({ app: optional(text) }, closed)),
    // Builders and clients Hop3 does not have: accepted whole, with a warning.
    nix: optional(Type.Record(Type.String(), Type.Unknown())),
    contexts: optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
    docker: optional(Type.Object({ port: optional(portNumber), "build-args": optional(Type.Record(Type.String(), Type.String())) }, closed)),
    test: optional(
      Type.Object(
        {
          priority: optional(text),
          tier: optional(text),
          targets: optional(textList),
          covers: optional(textList),
          validations: optional(
            Type.Array(
              Type.Object(
                {
                  path: optional(urlPath),
                  status: optional(Type.Integer({ minimum: 100, maximum: 599, expected: "an HTTP status code" })),
                  contains: optional(text),
                },
                closed,
              ),
            ),
          ),
        },
        closed,
      ),
    ),
  },
  closed,
);

/** A `[env]` value as parsed. */
export type EnvValue = Static<typeof envValueSchema>;

/** `[env]`: its settings, then variables by name (TypeBox's Static has no index signature for them). */
export type Hop3TomlEnv = Static<typeof hop3TomlSchema>["env"] & { readonly [name: string]: EnvValue | Readonly<Record<string, string>> | undefined };

/** A valid `hop3.toml`, as parsed. */
export type Hop3Toml = Omit<Static<typeof hop3TomlSchema>, "env"> & { readonly env?: Hop3TomlEnv };

/** The variables of `[env]`, without its settings `_policy` and `computed`. */
export function envEntries(env: Hop3TomlEnv | undefined): [string, EnvValue][] {
  return Object.entries(env ?? {}).filter((entry): entry is [string, EnvValue] => entry[0] !== "_policy" && entry[0] !== "computed");
}
