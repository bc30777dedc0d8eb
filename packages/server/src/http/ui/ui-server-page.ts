import type { AddonSummary, AppMetrics, ServerStatus } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { layout, statusBadge, type Viewer } from "./ui-pages.ts";
import { createAddonForm, destroyAddonLink, type AddonActions, type AddonFormProblem } from "./ui-addon-forms.ts";

export interface ServerPageData {
  /** What `GET /v1/status` answers an admin. */
  readonly status: ServerStatus;
  /** What `GET /v1/addons` answers: each addon's engine, version, status, size. */
  readonly addons: readonly AddonSummary[];
  /** The filesystem holding the state root, at the metrics sampler's last reading; null before it. */
  readonly disk: { readonly usedBytes: number; readonly totalBytes: number } | null;
  /** Each app's disk use as `hop3 metrics` measures it (null until first measured). */
  readonly apps: readonly { readonly name: string; readonly disk: AppMetrics["disk"] }[];
  /** The addon forms the viewer may use (ui-addon-forms.ts). */
  readonly addonActions: AddonActions;
  /** After a form (`?done=`): a fixed message. */
  readonly notice: string | null;
  /** A refused create form, shown next to it. */
  readonly problem: AddonFormProblem | null;
}

/** `/ui/server` (admins): status, proxy, sandbox, addons' engines, disk. */
export function serverPage(viewer: Viewer, data: ServerPageData): Html {
  const { status } = data;
  const yesNo = (ok: boolean, good: string, bad: string) => statusBadge(ok ? good : bad);
  const destroys = data.addons.some((addon) => data.addonActions.destroy.has(addon.name));
  return layout(
    "Server",
    viewer,
    html`<h1>Server</h1>
${data.notice ? html`<p class="notice" role="status">${data.notice}</p>` : null}
<table>
<caption class="muted">Status, as <code>hop3 status</code> shows it</caption>
<tbody>
<tr><th scope="row">Version</th><td>${status.version}</td></tr>
<tr><th scope="row">Up for</th><td>${durationText(status.uptimeSeconds)}</td></tr>
<tr><th scope="row">Domain</th><td>${status.domain} (HTTP port ${status.httpPort})</td></tr>
<tr><th scope="row">Apps</th><td>${status.apps}, ${status.instancesRunning} process${status.instancesRunning === 1 ? "" : "es"} running</td></tr>
<tr><th scope="row">Proxy</th><td>${status.proxy.name}: ${yesNo(status.proxy.running, "running", "down")}</td></tr>
<tr><th scope="row">Sandbox</th><td>${status.sandbox.enabled ? html`${statusBadge("enabled")}: builds and processes run in bubblewrap` : html`${statusBadge("degraded")}: ${status.sandbox.reason ?? "off"}`}</td></tr>
<tr><th scope="row">Network isolation</th><td>${status.network.isolated ? statusBadge("enabled") : html`${statusBadge("degraded")}: ${status.network.reason ?? "off"}`}</td></tr>
</tbody>
</table>
<h2>Disk</h2>
${data.disk === null ? html`<p class="muted">Not sampled yet.</p>` : html`<p>The state root's filesystem: ${bytesText(data.disk.usedBytes)} used of ${bytesText(data.disk.totalBytes)} (${percent(data.disk.usedBytes, data.disk.totalBytes)}).</p>`}
${
  data.apps.length === 0
    ? null
    : html`<table>
<caption class="muted">Each app's disk use, measured every few minutes</caption>
<thead><tr><th scope="col">App</th><th scope="col">Data</th><th scope="col">Home</th><th scope="col">Releases</th><th scope="col">Logs</th></tr></thead>
<tbody>${data.apps.map(
        (app) =>
          html`<tr><th scope="row"><a href="/ui/apps/${app.name}">${app.name}</a></th>${
            app.disk === null ? html`<td colspan="4" class="muted">not measured yet</td>` : html`<td>${bytesText(app.disk.data)}</td><td>${bytesText(app.disk.home)}</td><td>${bytesText(app.disk.releases)}</td><td>${bytesText(app.disk.logs)}</td>`
          }</tr>`,
      )}</tbody>
</table>`
}
<h2>Addons' engines</h2>
${
  data.addons.length === 0
    ? html`<p class="muted">No addons.</p>`
    : html`<table>
<thead><tr><th scope="col">Addon</th><th scope="col">Engine</th><th scope="col">Status</th><th scope="col">Size</th><th scope="col">Attached to</th>${destroys ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${data.addons.map(
        (addon) =>
          html`<tr><th scope="row">${addon.name}</th><td>${addon.type} ${addon.version}</td><td>${statusBadge(addon.status === "running" ? "running" : "stopped")}</td><td>${addon.sizeBytes === null ? "-" : bytesText(addon.sizeBytes)}</td><td>${addon.attachments.map((attachment, index) => html`${index > 0 ? ", " : null}<a href="/ui/apps/${attachment.app}">${attachment.app}</a>`)}</td>${destroys ? html`<td>${destroyAddonLink(data.addonActions, addon.name)}</td>` : null}</tr>`,
      )}</tbody>
</table>`
}
${createAddonForm(viewer, data.addonActions, data.problem)}`,
  );
}

/** Bytes in binary units, as the CLI prints them. */
export function bytesText(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : "-";
}

function durationText(seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return days > 0 ? `${days} d ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
}
