import type { AppInfo, LogLine, ReleaseSummary } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { csrfField, layout, statusBadge, timeText, type Viewer } from "./ui-pages.ts";
import { configSection, type FormProblem } from "./ui-app-config.ts";
import { liveDeploySection } from "./ui-app-deploys.ts";
import { processButtons, scaleForm } from "./ui-app-processes.ts";
import { filterQuery, logFilterForm, type LogFilter } from "./ui-log-filter.ts";

/** What the signed-in user may do on the app, from the same `authorize()` as the API. */
export interface AppActions {
  readonly restart: boolean;
  readonly rollback: boolean;
  /** Build the serving release's source again (`app:deploy`, and a release to build). */
  readonly redeploy: boolean;
  readonly secrets: boolean;
  /** Set and unset config vars. */
  readonly configure: boolean;
  /** Scale, start and stop. */
  readonly scale: boolean;
}

export interface AppPageData {
  readonly info: AppInfo;
  readonly releases: readonly ReleaseSummary[];
  /** Config vars: names always, values only for those allowed to read secrets. */
  readonly config: readonly { readonly name: string; readonly value: string | null }[];
  readonly actions: AppActions;
  /** A fixed message after an action ("Restarted."), never text taken from the request. */
  readonly notice: string | null;
  /** Domains and certificates, addons, backups, access, audit entries (ui-app-sections.ts). */
  readonly sections?: Html | null;
  /** A refused form (a bad config var name, a scale out of range), shown next to its field. */
  readonly problem: FormProblem | null;
}

export function appPage(viewer: Viewer, data: AppPageData): Html {
  const { info, actions } = data;
  const base = `/ui/apps/${info.name}`;
  return layout(
    info.name,
    viewer,
    html`<h1>${info.name}</h1>
${data.notice ? html`<p class="notice" role="status">${data.notice}</p>` : null}
<p>${statusBadge(info.status)} · release ${info.release === null ? "none" : html`v${info.release}`} · deployed ${timeText(info.deployedAt)} · <a href="${base}/logs">Logs</a></p>
${actions.restart ? processButtons(viewer, base) : null}
${liveDeploySection(base)}
<h2>Processes</h2>
${processTable(info)}
${actions.scale ? scaleForm(viewer, base, info, data.problem) : null}
<h2>Releases</h2>
${actions.redeploy ? redeployForm(viewer, base, data.problem) : data.problem?.form === "redeploy" ? html`<p class="error" role="alert">${data.problem.message}</p>` : null}
${releaseTable(viewer, base, data.releases, actions)}
<h2>Config vars</h2>
${configSection(viewer, base, { config: data.config, secrets: actions.secrets, configure: actions.configure, problem: data.problem })}
${data.sections ?? null}`,
  );
}

function processTable(info: AppInfo): Html {
  if (info.instances.length === 0) return html`<p class="muted">No processes.</p>`;
  return html`<table>
<thead><tr><th scope="col">Process</th><th scope="col">State</th><th scope="col">Release</th><th scope="col">Restarts</th><th scope="col">Started</th><th scope="col">CPU</th><th scope="col">Memory</th></tr></thead>
<tbody>${info.instances.map(
    (instance) =>
      html`<tr><th scope="row">${instance.type}.${instance.index}</th><td>${statusBadge(instance.state)}</td><td>v${instance.release}</td><td>${instance.restarts}</td><td>${timeText(instance.startedAt)}</td><td>${cpuText(instance.cpuPercent)}</td><td>${memoryText(instance.memoryBytes, instance.memoryLimitBytes)}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The metrics sampler's last figures, as `hop3 ps` shows them (ADR 46): "-" until sampled. */
function cpuText(percent: number | null | undefined): string {
  return percent === null || percent === undefined ? "-" : `${percent.toFixed(1)}%`;
}

function memoryText(bytes: number | null | undefined, limit: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "-";
  const mib = (value: number) => `${(value / 1048576).toFixed(value < 10 * 1048576 ? 1 : 0)} MiB`;
  return limit === null || limit === undefined ? mib(bytes) : `${mib(bytes)} / ${mib(limit)}`;
}

/** The Redeploy button (`app:deploy`, as `POST /v1/apps/:app/redeploy`), with its refusal (a deploy running). */
function redeployForm(viewer: Viewer, base: string, problem: FormProblem | null): Html {
  const refused = problem?.form === "redeploy" ? problem : null;
  return html`<form method="post" action="${base}/redeploy">
${csrfField(viewer)}
<p id="redeploy-help">Redeploy builds the serving release's source again as a new release, with the current config vars, addons and toolchains; if it fails, the serving release stays.</p>
<p><button type="submit" aria-describedby="redeploy-help${refused ? " redeploy-error" : ""}">Redeploy</button></p>
${refused ? html`<p id="redeploy-error" class="error" role="alert">${refused.message}</p>` : null}
</form>`;
}

function releaseTable(viewer: Viewer, base: string, releases: readonly ReleaseSummary[], actions: AppActions): Html {
  if (releases.length === 0) return html`<p class="muted">No releases yet.</p>`;
  return html`<table>
<thead><tr><th scope="col">Release</th><th scope="col">Status</th><th scope="col">Source</th><th scope="col">Created</th><th scope="col">Build output</th>${actions.rollback ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${releases.map(
    (release) => html`<tr>
<th scope="row">v${release.number}${release.current ? " (serving)" : null}</th>
<td>${statusBadge(release.status)}${release.error ? html`<br>${release.error}` : null}</td>
<td>${release.source}${release.gitSha ? html` <code>${release.gitSha.slice(0, 12)}</code>` : null}</td>
<td>${timeText(release.createdAt)}</td>
<td><a href="${base}/releases/${release.number}">v${release.number} output</a></td>
${
  actions.rollback
    ? html`<td>${
        !release.current && release.buildKept && release.status !== "failed" && release.status !== "building"
          ? html`<form method="post" action="${base}/rollback">${csrfField(viewer)}<input type="hidden" name="release" value="${release.number}"><button type="submit">Roll back to v${release.number}</button></form>`
          : null
      }</td>`
    : null
}
</tr>`,
  )}</tbody>
</table>`;
}

/** The logs page: the last lines as HTML (readable without JavaScript), then live ones. */
export function logsPage(viewer: Viewer, app: string, lines: readonly LogLine[], max: number, filter: LogFilter = { process: null, search: null }, types: readonly string[] = []): Html {
  const base = `/ui/apps/${app}`;
  const filtered = filter.process !== null || filter.search !== null;
  return layout(
    `${app} logs`,
    viewer,
    html`<h1>Logs of <a href="${base}">${app}</a></h1>
${logFilterForm(base, filter, types)}
<p><span id="log-state" role="status" aria-live="polite">Showing the last ${lines.length} ${filtered ? "matching " : null}lines.</span> The page keeps at most ${max} lines. <button type="button" id="log-pause" aria-pressed="false" hidden>Pause</button></p>
<ol id="log-lines" class="log" data-max="${max}" data-events="${base}/logs/events${filterQuery(filter)}" aria-label="Log lines">${lines.map((entry) => html`<li>${entry.instance} ${entry.line}</li>`)}</ol>
<script src="/ui/static/logs.js" defer></script>`,
  );
}
