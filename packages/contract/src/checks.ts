import { Type, type Static } from "@sinclair/typebox";

/** One `[[test.validations]]` of hop3.toml, as run by `hop3 check`. */
export const AppCheckResult = Type.Object({
  path: Type.String({ description: "The URL path requested through the proxy, at the app's hostname" }),
  expectStatus: Type.Union([Type.Integer(), Type.Null()], { description: "The status the validation asks for; null accepts any 2xx or 3xx" }),
  contains: Type.Union([Type.String(), Type.Null()], { description: "Text the body must contain; null for none" }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: "The status received; null when no answer came" }),
  passed: Type.Boolean(),
  problem: Type.Union([Type.String(), Type.Null()], { description: "Why the validation failed, e.g. `status 500, expected 200`; null when it passed" }),
});
export type AppCheckResult = Static<typeof AppCheckResult>;

/** `GET /v1/apps/:app/checks`: the app's `[[test.validations]]` run now against its current release. */
export const AppCheckReport = Type.Object(
  {
    app: Type.String(),
    release: Type.Integer({ description: "The release serving when the checks ran" }),
    url: Type.String({ description: "Where the checks were sent (the app's URL)" }),
    passed: Type.Boolean({ description: "True when every validation passed (and when there are none)" }),
    checks: Type.Array(AppCheckResult),
  },
  { $id: "AppCheckReport" },
);
export type AppCheckReport = Static<typeof AppCheckReport>;

/** API path of an app's acceptance checks. */
export const checkPaths = {
  checks: (app: string) => `/v1/apps/${encodeURIComponent(app)}/checks`,
} as const;
