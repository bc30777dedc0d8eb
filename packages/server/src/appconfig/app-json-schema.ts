import { Type } from "@sinclair/typebox";
import type { Static, TSchema } from "@sinclair/typebox";

// The parts of app.json (Heroku, extended by Dokku) that Hop3 reads are typed; keys it accepts
// without reading are `Type.Unknown()`, so their values are not checked. Objects are open: a
// key not listed here is reported as a warning (see unknown-keys.ts), never an error, since
// Heroku files carry keys of other tools.

/** Values of `healthchecks.<type>[].type` (Dokku). */
export const healthcheckTypes = ["startup", "readiness", "liveness"] as const;

const anything = Type.Unknown();
const command = Type.String({ expected: "a command (a string)" });
const maxSeconds = 86_400;

function optional<Schema extends TSchema>(schema: Schema) {
  return Type.Optional(schema);
}

const healthcheck = Type.Object({
  type: optional(Type.Union(healthcheckTypes.map((type) => Type.Literal(type)))),
  path: optional(Type.String({ pattern: "^/", expected: 'a URL path starting with "/"' })),
  content: optional(Type.String()),
  attempts: optional(Type.Integer({ minimum: 1, expected: "an integer of at least 1" })),
  timeout: optional(Type.Number({ exclusiveMinimum: 0, maximum: maxSeconds, expected: `a positive number of seconds (at most ${maxSeconds})` })),
  wait: optional(Type.Number({ minimum: 0, maximum: maxSeconds, expected: `a number of seconds from 0 to ${maxSeconds}` })),
  initialDelay: optional(Type.Number({ minimum: 0, maximum: maxSeconds, expected: `a number of seconds from 0 to ${maxSeconds}` })),
  listening: optional(Type.Boolean()),
  warn: optional(Type.Boolean()),
  // Dokku keys Hop3 does not act on; using them is reported as a warning.
  command: optional(anything),
  uptime: optional(anything),
  port: optional(anything),
  scheme: optional(anything),
  httpHeaders: optional(anything),
  onFailure: optional(anything),
  name: optional(anything),
  description: optional(anything),
});

const envEntry = Type.Object({
  value: optional(Type.String()),
  // Heroku's default is true: a variable without a value must be given one.
  required: optional(Type.Boolean()),
  generator: optional(anything),
  description: optional(anything),
});

const formationEntry = Type.Object({
  quantity: optional(Type.Integer({ minimum: 0, expected: "a whole number" })),
  size: optional(anything),
  max_parallel: optional(anything),
  autoscaling: optional(anything),
  service: optional(anything),
});

/** The `app.json` format, as far as Hop3 reads it. */
export const appJsonSchema = Type.Object({
  name: optional(anything),
  description: optional(anything),
  keywords: optional(anything),
  website: optional(anything),
  repository: optional(anything),
  logo: optional(anything),
  success_url: optional(anything),
  scripts: optional(
    Type.Object({
      dokku: optional(Type.Object({ predeploy: optional(command), postdeploy: optional(command) })),
      // Heroku's review-app and CI scripts.
      postdeploy: optional(anything),
      "pr-predestroy": optional(anything),
      test: optional(anything),
      "test-setup": optional(anything),
    }),
  ),
  env: optional(Type.Record(Type.String(), Type.Union([Type.String(), envEntry]))),
  formation: optional(Type.Record(Type.String(), formationEntry)),
  addons: optional(anything),
  buildpacks: optional(anything),
  environments: optional(anything),
  stack: optional(anything),
  image: optional(anything),
  healthchecks: optional(Type.Record(Type.String(), Type.Array(healthcheck))),
  cron: optional(anything),
});

/** A valid `app.json`, as parsed. */
export type AppJson = Static<typeof appJsonSchema>;

/** One entry of `healthchecks.<type>`. */
export type AppJsonHealthcheck = Static<typeof healthcheck>;
