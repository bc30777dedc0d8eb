import { Type, type Static } from "@sinclair/typebox";

/** JSON body of every error response. */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: "Stable error code, see docs/errors.md" }),
      message: Type.String(),
      hint: Type.String(),
    }),
  },
  { $id: "ErrorResponse" },
);

export const AppStatus = Type.Union(
  [Type.Literal("new"), Type.Literal("running"), Type.Literal("degraded"), Type.Literal("static"), Type.Literal("down")],
  { description: "new: never deployed; running: every instance up; degraded: some up; static: served by the proxy; down: nothing serving" },
);
export type AppStatus = Static<typeof AppStatus>;

export const InstanceState = Type.Union(
  [
    Type.Literal("starting"),
    Type.Literal("running"),
    Type.Literal("draining"),
    Type.Literal("backoff"),
    Type.Literal("stopping"),
    Type.Literal("stopped"),
    Type.Literal("failed"),
  ],
  { description: "draining: an old release's instance out of the route, finishing its requests in flight before it stops (then stopping)" },
);
export type InstanceState = Static<typeof InstanceState>;

export const Instance = Type.Object(
  {
    type: Type.String({ description: "Process type from the Procfile, e.g. web" }),
    index: Type.Integer({ minimum: 1 }),
    state: InstanceState,
    pid: Type.Union([Type.Integer(), Type.Null()]),
    port: Type.Union([Type.Integer(), Type.Null()]),
    startedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    uptimeSeconds: Type.Number(),
    restarts: Type.Integer({ minimum: 0 }),
    release: Type.Integer(),
    cpuPercent: Type.Optional(Type.Union([Type.Number(), Type.Null()], { description: "CPU used over the last sampling interval, in % of one core (docs/monitoring.md); null until sampled" })),
    memoryBytes: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: "Working-set memory: without the page cache the kernel can reclaim; null until sampled" })),
    memoryLimitBytes: Type.Optional(Type.Union([Type.Integer(), Type.Null()], { description: "The instance's memory limit ([limits] memory), null when none" })),
  },
);
export type Instance = Static<typeof Instance>;

export const AppSummary = Type.Object(
  {
    name: Type.String(),
    status: AppStatus,
    url: Type.String(),
    release: Type.Union([Type.Integer(), Type.Null()], { description: "Number of the serving release" }),
    builder: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
  },
);
export type AppSummary = Static<typeof AppSummary>;

export const AppInfo = Type.Object(
  {
    ...AppSummary.properties,
    unixUser: Type.String(),
    processTypes: Type.Record(Type.String(), Type.String(), { description: "Process type -> command of the serving release" }),
    instances: Type.Array(Instance),
    deployedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  },
  { $id: "AppInfo" },
);
export type AppInfo = Static<typeof AppInfo>;

export const AppList = Type.Object({ apps: Type.Array(AppSummary) }, { $id: "AppList" });
export type AppList = Static<typeof AppList>;

export const CreateAppBody = Type.Object({ name: Type.String({ maxLength: 200 }) }, { additionalProperties: false, $id: "CreateAppBody" });
export type CreateAppBody = Static<typeof CreateAppBody>;

export const ProcessList = Type.Object({ app: Type.String(), instances: Type.Array(Instance) }, { $id: "ProcessList" });
export type ProcessList = Static<typeof ProcessList>;

export const ServerStatus = Type.Object(
  {
    version: Type.String(),
    uptimeSeconds: Type.Number(),
    domain: Type.String(),
    httpPort: Type.Integer(),
    apps: Type.Integer(),
    instancesRunning: Type.Integer(),
    proxy: Type.Object({ name: Type.String(), running: Type.Boolean() }),
    sandbox: Type.Object(
      { enabled: Type.Boolean(), reason: Type.Union([Type.String(), Type.Null()], { description: "Why builds and apps run without bubblewrap, when they do" }) },
      { description: "Whether builds and app processes run inside bubblewrap (docs/isolation.md)" },
    ),
    network: Type.Object(
      { isolated: Type.Boolean(), reason: Type.Union([Type.String(), Type.Null()], { description: "Why apps' network is not confined, when it is not" }) },
      { description: "Whether apps are kept from each other's ports, the API and the metadata address (docs/isolation.md)" },
    ),
  },
  { $id: "ServerStatus" },
);
export type ServerStatus = Static<typeof ServerStatus>;

export const AppParams = Type.Object({ app: Type.String({ maxLength: 200 }) });
export const DeployQuery = Type.Object({
  create: Type.Optional(Type.Boolean({ description: "Create the app if it does not exist (removed again if this first deploy fails)" })),
  wait: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600, description: "Seconds to wait for a deploy of the same app in progress; 0 (default) refuses at once with 409" })),
  gitSha: Type.Optional(Type.String({ pattern: "^[0-9a-f]{40}$", description: "Commit the upload was made from (git push)" })),
  gitRef: Type.Optional(Type.String({ maxLength: 255, description: "Ref that was pushed, e.g. refs/heads/main" })),
});

export const ReleaseSummary = Type.Object({
  number: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal("building"), Type.Literal("succeeded"), Type.Literal("failed"), Type.Literal("superseded")], {
    description: "succeeded: the one serving; superseded: served before, build may be kept for rollback",
  }),
  current: Type.Boolean({ description: "True for the release serving the app" }),
  source: Type.Union([Type.Literal("upload"), Type.Literal("git"), Type.Literal("rollback"), Type.Literal("config")], {
    description: "config: the current build restarted with changed config vars",
  }),
  gitSha: Type.Union([Type.String(), Type.Null()]),
  gitRef: Type.Union([Type.String(), Type.Null()]),
  rollbackOf: Type.Union([Type.Integer(), Type.Null()], { description: "For a rollback, the release whose build it runs" }),
  builder: Type.Union([Type.String(), Type.Null()]),
  processTypes: Type.Array(Type.String()),
  buildKept: Type.Boolean({ description: "Its build is still on disk, so it can be rolled back to" }),
  draining: Type.Integer({ minimum: 0, description: "Instances of this release still draining or stopping in the background after a newer release took over" }),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  finishedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});
export type ReleaseSummary = Static<typeof ReleaseSummary>;

export const ReleaseList = Type.Object({ app: Type.String(), releases: Type.Array(ReleaseSummary) }, { $id: "ReleaseList" });
export type ReleaseList = Static<typeof ReleaseList>;

export const ReleaseOutput = Type.Object(
  { app: Type.String(), release: Type.Integer(), output: Type.String({ description: "The build and deploy output, as streamed" }) },
  { $id: "ReleaseOutput" },
);
export type ReleaseOutput = Static<typeof ReleaseOutput>;

export const RollbackBody = Type.Object(
  { release: Type.Optional(Type.Integer({ minimum: 1, description: "Release to run again; default: the one before the current release" })) },
  { additionalProperties: false, $id: "RollbackBody" },
);
export type RollbackBody = Static<typeof RollbackBody>;

/** `POST /v1/apps/{app}/redeploy` takes nothing: the app's current release names the source (ADR 81). */
export const RedeployBody = Type.Object({}, { additionalProperties: false, $id: "RedeployBody", description: "Empty: the source built again is the current release's" });
export type RedeployBody = Static<typeof RedeployBody>;

export const ReleaseParams = Type.Object({ app: Type.String({ maxLength: 200 }), release: Type.Integer({ minimum: 1 }) });

/** Paths of the HTTP API, shared by the server's routes and the CLI's client. */
export const apiPaths = {
  status: "/v1/status",
  apps: "/v1/apps",
  app: (name: string) => `/v1/apps/${encodeURIComponent(name)}`,
  processes: (name: string) => `/v1/apps/${encodeURIComponent(name)}/processes`,
  processAction: (name: string, action: "stop" | "start" | "restart") => `/v1/apps/${encodeURIComponent(name)}/processes/${action}`,
  deploys: (name: string) => `/v1/apps/${encodeURIComponent(name)}/deploys`,
  releases: (name: string) => `/v1/apps/${encodeURIComponent(name)}/releases`,
  releaseOutput: (name: string, release: number) => `/v1/apps/${encodeURIComponent(name)}/releases/${release}/output`,
  sbom: (name: string) => `/v1/apps/${encodeURIComponent(name)}/sbom`,
  sbomDiff: (name: string) => `/v1/apps/${encodeURIComponent(name)}/sbom/diff`,
  rollbacks: (name: string) => `/v1/apps/${encodeURIComponent(name)}/rollbacks`,
  redeploy: (name: string) => `/v1/apps/${encodeURIComponent(name)}/redeploy`,
  logs: (name: string) => `/v1/apps/${encodeURIComponent(name)}/logs`,
  config: (name: string) => `/v1/apps/${encodeURIComponent(name)}/config`,
  configVar: (name: string, key: string) => `/v1/apps/${encodeURIComponent(name)}/config/${encodeURIComponent(key)}`,
  run: (name: string) => `/v1/apps/${encodeURIComponent(name)}/run`,
  processScale: (name: string) => `/v1/apps/${encodeURIComponent(name)}/processes/scale`,
  domains: (name: string) => `/v1/apps/${encodeURIComponent(name)}/domains`,
  certificates: (name: string) => `/v1/apps/${encodeURIComponent(name)}/certificates`,
  metrics: (name: string) => `/v1/apps/${encodeURIComponent(name)}/metrics`,
  customCertificates: (name: string) => `/v1/apps/${encodeURIComponent(name)}/certificates/custom`,
  firewall: "/v1/firewall",
  addons: "/v1/addons",
  addon: (name: string) => `/v1/addons/${encodeURIComponent(name)}`,
  addonAttachments: (name: string) => `/v1/addons/${encodeURIComponent(name)}/attachments`,
  addonExport: (name: string) => `/v1/addons/${encodeURIComponent(name)}/export`,
  addonImport: (name: string) => `/v1/addons/${encodeURIComponent(name)}/import`,
  addonConnect: (name: string) => `/v1/addons/${encodeURIComponent(name)}/connect`,
  addonUpgrade: (name: string) => `/v1/addons/${encodeURIComponent(name)}/upgrade`,
  addonAttachment: (name: string, app: string) => `/v1/addons/${encodeURIComponent(name)}/attachments/${encodeURIComponent(app)}`,
  firewallConfirm: "/v1/firewall/confirm",
} as const;

/** Content type of a deploy upload: a gzipped tar of the app's directory. */
export const deployUploadContentType = "application/gzip";
