import { renderConfigNotice } from "./render-config-notice.ts";
import type { DeployEvent, RerunReason, StartedProcess } from "./events.ts";
import { hostCheckFailed, renderHostCheck } from "./render-host-check.ts";

/** A line of text for people and the stream it belongs to (progress on stdout, warnings and errors on stderr). */
export interface RenderedLine {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}

/** Where the text goes: a live stream (CLI, git push, web UI) or a release's kept record, which names the release. */
export type RenderTarget = "stream" | "record";

/**
 * The one place deploy events become English, Heroku style: `-----> ` opens a stage, `       `
 * indents output, `=====> ` ends. The CLI, the git push's `remote:` lines, the release's
 * record and the web UI all render through it.
 */
export function renderDeployEvent(event: DeployEvent, target: RenderTarget = "stream"): RenderedLine[] {
  const text = eventText(event, target);
  const stream = event.type === "failed" || warnings.has(event.type) || (event.type === "domain-checked" && hostCheckFailed(event.check)) ? "stderr" : "stdout";
  return text.map((line) => ({ stream, text: line }));
}

const warnings = new Set<DeployEvent["type"]>(["skipped-file", "config-notice", "build-timeout-capped", "switching-back", "rename-undone", "clone-removed", "output-truncated", "sbom-skipped", "sbom-failed", "start-command-hint", "domains-added", "domains-not-added"]);

function eventText(event: DeployEvent, target: RenderTarget): string[] {
  switch (event.type) {
    case "lock-wait":
      return [stage(`Another deploy of ${event.app} is running; waiting up to ${event.seconds}s for it to finish`)];
    case "queued":
      return [stage(`Waiting for a build slot (${event.ahead} ahead; this server runs ${plural(event.slots, "build")} at a time, server setting ${event.setting})`)];
    case "received":
      return [stage(`Received ${plural(event.files, "file")} (${uploadSize(event.bytes)}) for ${event.app}, release ${event.release}`)];
    case "rerun":
      return [stage(rerunText(event.reason, event))];
    case "renaming":
      return [stage(`Renaming ${event.app} to ${event.to}`)];
    case "cloning":
      return [stage(`Cloning ${event.app} as ${event.to}`)];
    case "copied":
      return [stage(`Copied ${event.configVars} config vars and the data directory`)];
    case "nothing-to-build":
      return [stage(`${event.app} was never deployed: nothing to build`)];
    case "skipped-file":
      return [warning(`Skipped "${event.path}": links out of the app and special files are not unpacked.`)];
    case "config-read":
      return [stage(event.files.length > 0 ? `Read ${event.files.join(", ")}` : "No Procfile, hop3.toml, app.json or ENV file: using the builder's defaults")];
    case "config-notice":
      return [warning(renderConfigNotice(event.notice))];
    case "build-timeout-capped":
      return [warning(`hop3.toml [build] timeout (${formatDuration(event.askedMs)}) is above the server's build time limit; the server's ${formatDuration(event.serverMs)} applies (${event.setting}).`)];
    case "builder":
      return [stage(event.chosenBy === "hop3.toml" ? `Using the ${event.builder} builder (set in hop3.toml)` : `Detected a ${event.builder} app`)];
    case "build-started":
      return [stage(`Building with the ${event.builder} builder`)];
    case "build-progress":
      return [output(`Still building… ${event.seconds}s`)];
    case "log":
      // Builders head their own steps with "-----> ", like the stages: keep them flush left.
      return [event.line === "" || event.line.startsWith("-----> ") ? event.line : output(event.line)];
    case "release-phase":
      return [stage(`Running the release phase (${plural(event.commands, "command")}) with the new build`)];
    case "starting":
      return [stage(`Starting ${event.processes.map(processText).join("; ")}`)];
    case "health-check":
      return [stage(event.path === null ? "Waiting for the web process to accept connections" : `Checking GET ${event.path} (${event.source ?? "health check"})`)];
    case "healthy":
      return [stage(`Healthy: ${event.path === null ? `port ${event.port} accepts connections` : `GET ${event.path} passed (${event.source ?? "health check"})`}`)];
    case "switching":
      return [stage(`Switching ${event.host} to release ${event.release}`)];
    case "switching-back":
      return [warning(`Switching ${event.app} back to its previous release.`)];
    case "switched":
      return [stage(event.draining > 0 ? `Switched in ${event.seconds.toFixed(1)}s; draining and stopping ${plural(event.draining, "old process", "old processes")}` : "Switched")];
    case "rename-undone":
      return [warning(`${event.app} keeps its name and keeps serving; nothing was renamed.`)];
    case "clone-removed":
      return [warning(`${event.app} was removed again; ${event.source} was not changed.`)];
    case "output-truncated":
      return [warning(`Output truncated: more than ${formatByteSize(event.limitBytes)} of output; the rest is not shown or kept, the deploy goes on (limit: server setting ${event.setting})`)];
    case "sbom-recorded":
      return [stage(`Recorded the SBOM (CycloneDX 1.6): ${plural(event.components, "component")}${event.runtime ? `, runtime ${event.runtime.name} ${event.runtime.version}` : ""}`)];
    case "sbom-skipped":
      return [warning(`SBOM: left out ${event.detail}`)];
    case "sbom-failed":
      return [warning(`No SBOM for release ${event.release}: ${event.reason}`)];
    case "start-command-hint":
      return [warning(startCommandHint(event))];
    case "domains-added":
      return [warning(`hop3.toml [domains]: now served on ${event.hosts.join(", ")} (certificates are obtained in the background)`)];
    case "domains-not-added":
      return [warning(`hop3.toml [domains] were not added: ${event.error.message}`)];
    case "domain-checked":
      return hostCheckFailed(event.check) ? [warning(`No certificate yet: ${renderHostCheck(event.check)}; the app is served over HTTP meanwhile and the proxy retries`)] : [output(`HTTPS: ${renderHostCheck(event.check)}`)];
    case "succeeded": {
      const seconds = `${Number(event.seconds.toFixed(1))}s`;
      if (target === "record") return [`=====> ${event.app} release ${event.release} is live${event.url ? ` at ${event.url}` : ""} (${event.seconds}s)`];
      return [event.url === null ? `=====> ${event.app} is deployed, release v${event.release} (${seconds})` : `=====> ${event.app} is live at ${event.url} (${seconds})`];
    }
    case "failed":
      return [`error: ${event.error.message}`, `hint: ${event.error.hint}`];
    default: {
      // An event of a newer server: skipped, not a crash (the compiler still checks every known one).
      const newer: never = event;
      void newer;
      return [];
    }
  }
}

function rerunText(reason: RerunReason, event: Extract<DeployEvent, { type: "rerun" }>): string {
  const { app, release, from } = event;
  switch (reason) {
    case "rollback":
      return `Rolling ${app} back to release ${from.release}'s build and configuration, as release ${release} (no build)`;
    case "config":
      return `Restarting ${app} with its new config vars: release ${from.release}'s build as release ${release} (no build)`;
    case "rename":
      return `Building release ${from.release} of ${from.app} again as release ${release} of ${app} (builds hold the app's paths)`;
    case "clone":
      return `Building release ${from.release} of ${from.app} again as release ${release} of ${app}`;
    case "redeploy":
      return `Redeploying ${app}: release ${from.release}'s source built again as release ${release}, with the current config vars and toolchains`;
    case "restore":
      return from.app === app
        ? `Restarting ${app} on its restored data and config vars: release ${from.release}'s build as release ${release}`
        : `Building the backup of ${from.app} (its release ${from.release}) as release ${release} of ${app}`;
  }
}

/** `web: ./serve`, `web ×3: ./serve`. */
function processText(process: StartedProcess): string {
  return `${process.type}${process.instances === 1 ? "" : ` ×${process.instances}`}: ${process.command}`;
}

const stage = (text: string) => `-----> ${text}`;
const output = (text: string) => `       ${text}`;
const warning = (text: string) => `warning: ${text}`;

/** `1 file`, `3 files`. */
function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** An upload's size: KiB below a MiB, else MiB, one decimal. */
function uploadSize(bytes: number): string {
  return bytes < 1024 * 1024 ? `${round(bytes / 1024)} KiB` : `${round(bytes / 1024 / 1024)} MiB`;
}

/** A limit as the server's settings write it (binary units): `256 MiB`, `1.5 GiB`. */
export function formatByteSize(bytes: number): string {
  for (const [unit, size] of [["GiB", 1024 ** 3], ["MiB", 1024 ** 2], ["KiB", 1024]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** A time limit in the unit that reads best: `20s`, `30m`, `2h`. */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return `${Number((ms / 1000).toFixed(1))}s`;
  if (ms < 2 * 3_600_000) return `${Number((ms / 60_000).toFixed(1))}m`;
  return `${Number((ms / 3_600_000).toFixed(1))}h`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Why a start command that builds at run time is a problem, and what to run instead. */
function startCommandHint(event: Extract<DeployEvent, { type: "start-command-hint" }>): string {
  const instead = event.built !== null && event.built !== event.command ? ` (the build made \`${event.built}\`)` : "";
  const head = `${event.processType}: \`${event.command}\``;
  return event.kind === "go-run"
    ? `${head} compiles the app at every start, where the Go caches are read-only: run the binary the build made instead${instead}, e.g. \`web: .hop3/bin/<name>\`.`
    : `${head} starts a development server, which rebuilds at run time where the caches are read-only: build in the \`build\` script and start the result (\`npm start\`, \`node dist/server.js\`)${instead}.`;
}
