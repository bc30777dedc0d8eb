import type { AppAccess, AppCertificates, AppDomains, AppRole, AuditEntry, Backup, BackupList, HostCertificate } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { csrfField, statusBadge, timeText, type Viewer } from "./ui-pages.ts";
import { bytesText } from "./ui-server-page.ts";
import type { FormProblem } from "./ui-app-config.ts";
import { backupScheduleForms, customCertificatesForm, drillText } from "./ui-app-section-forms.ts";

/** What the signed-in user may do in the app page's sections, each from the API's `authorize()`. */
export interface SectionActions {
  /** app:manage: domains, HSTS, custom certificates, backup and drill schedules, restore, access. */
  readonly manage: boolean;
  /** app:deploy: back up now. */
  readonly backup: boolean;
  /** app:deploy, as `DELETE /v1/addons/:addon/attachments/:app`: detach, and attach those of `addons.others` (ADR 68). */
  readonly addons: boolean;
  /** Admins: may make or unmake owners (owners grant viewer and developer only). */
  readonly admin: boolean;
}

/** An addon attached to the app, as `hop3 addons` lists it: never its connection details. */
export interface AttachedAddon {
  readonly name: string;
  readonly type: string;
  readonly status: string;
  readonly version: string;
  readonly variables: readonly string[];
}

export interface AppSectionsData {
  readonly app: string;
  readonly domains: AppDomains;
  /** Null when the proxy could not be asked. */
  readonly certificates: AppCertificates | null;
  /**
   * The addons attached to the app (a role on the app gives one on them, so `GET /v1/addons`
   * lists them), and the others the caller may attach: a developer role on the addon (addon:secrets).
   */
  readonly addons: { readonly attached: readonly AttachedAddon[]; readonly others: readonly string[] };
  readonly backups: Pick<BackupList, "repository" | "schedule" | "overdue" | "backups" | "drill">;
  readonly access: AppAccess;
  /** Null: the caller may not read the audit log (server:read, as `GET /v1/audit`). */
  readonly audit: readonly AuditEntry[] | null;
  readonly actions: SectionActions;
  /** A refused certificate or schedule, shown next to its field. */
  readonly problem?: FormProblem | null;
}

/** Domains and certificates, addons, backups, access and audit entries of the app page. */
export function appSections(viewer: Viewer, data: AppSectionsData): Html {
  return html`${domainsSection(viewer, data)}
${addonsSection(viewer, data)}
${backupsSection(viewer, data)}
${accessSection(viewer, data)}
${data.audit === null ? null : auditSection(data.app, data.audit)}`;
}

function domainsSection(viewer: Viewer, data: AppSectionsData): Html {
  const { domains, certificates, actions } = data;
  const base = `/ui/apps/${data.app}/domains`;
  const certOf = (host: string): HostCertificate | undefined => certificates?.certificates.find((cert) => cert.host === host);
  const row = (host: string, custom: boolean) => {
    const cert = certOf(host);
    return html`<tr><th scope="row">${host}</th><td>${cert ? certificateBadge(cert.status) : html`<span class="muted">unknown</span>`}${cert?.detail ? html`<br>${cert.detail}` : null}</td><td>${cert?.issuer ?? "-"}${cert?.source === "custom" ? " (custom)" : null}</td><td>${timeText(cert?.notAfter ?? null)}</td>${
      actions.manage
        ? html`<td>${custom ? html`<form method="post" action="${base}">${csrfField(viewer)}<input type="hidden" name="remove" value="${host}"><button type="submit">Remove ${host}</button></form>` : null}</td>`
        : null
    }</tr>`;
  };
  return html`<h2>Domains and certificates</h2>
<p>Certificates: ${domains.tls === "acme" ? "obtained automatically (ACME)" : domains.tls === "internal" ? "from the server's own authority" : "off (plain HTTP)"}. HSTS: <strong>${domains.hsts ? "on" : "off"}</strong>.${certificates === null ? html` <span class="muted">The proxy could not be asked for the certificates.</span>` : null}</p>
<table>
<thead><tr><th scope="col">Hostname</th><th scope="col">Certificate</th><th scope="col">Issuer</th><th scope="col">Expires</th>${actions.manage ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${row(domains.default, false)}${domains.domains.map((host) => row(host, true))}</tbody>
</table>
${
  actions.manage
    ? html`<div class="actions">
<form method="post" action="${base}">${csrfField(viewer)}<label for="domain-add">Add a domain</label><input id="domain-add" name="add" required maxlength="253" autocomplete="off"> <button type="submit">Add domain</button></form>
<form method="post" action="${base}">${csrfField(viewer)}<input type="hidden" name="hsts" value="${domains.hsts ? "off" : "on"}"><p><button type="submit">${domains.hsts ? "Turn HSTS off" : "Turn HSTS on"}</button></p></form>
</div>
${customCertificatesForm(viewer, data.app, certificates?.custom ?? [], data.problem ?? null)}`
    : null
}`;
}

/** A certificate's status as a word and a symbol (colour only repeats it). */
function certificateBadge(status: HostCertificate["status"]): Html {
  const [tone, symbol] = status === "valid" ? ["good", "●"] : status === "expired" ? ["bad", "✖"] : ["warn", "▲"];
  return html`<span class="status status-${tone}"><span aria-hidden="true">${symbol}</span> ${status}</span>`;
}

function addonsSection(viewer: Viewer, data: AppSectionsData): Html {
  const { addons, actions } = data;
  const base = `/ui/apps/${data.app}/addons`;
  return html`<h2>Addons</h2>
${
  addons.attached.length === 0
    ? html`<p class="muted">No addon attached.</p>`
    : html`<table>
<thead><tr><th scope="col">Addon</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Variables</th>${actions.addons ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${addons.attached.map(
        (addon) =>
          html`<tr><th scope="row">${addon.name}</th><td>${addon.type} ${addon.version}</td><td>${statusBadge(addon.status === "running" ? "running" : "stopped")}</td><td>${addon.variables.map((name, index) => html`${index > 0 ? ", " : null}<code>${name}</code>`)}</td>${
            actions.addons
              ? html`<td><form method="post" action="${base}/detach">${csrfField(viewer)}<input type="hidden" name="addon" value="${addon.name}"><button type="submit">Detach ${addon.name}</button></form></td>`
              : null
          }</tr>`,
      )}</tbody>
</table>`
}
${
  actions.addons && addons.others.length > 0
    ? html`<form method="post" action="${base}/attach">${csrfField(viewer)}
<label for="addon-attach">Attach an addon (the app restarts with its variables)</label>
<select id="addon-attach" name="addon">${addons.others.map((name) => html`<option>${name}</option>`)}</select>
<label for="addon-prefix">Prefix of its variables (optional)</label>
<input id="addon-prefix" name="prefix" maxlength="100" pattern="[A-Za-z][A-Za-z0-9_]*" autocomplete="off">
<p><button type="submit">Attach addon</button></p>
</form>`
    : null
}`;
}

function backupsSection(viewer: Viewer, data: AppSectionsData): Html {
  const { backups, actions } = data;
  const base = `/ui/apps/${data.app}/backups`;
  const row = (backup: Backup) =>
    html`<tr><th scope="row">${backup.id}</th><td>${statusBadge(backup.status === "succeeded" ? "succeeded" : backup.status === "running" ? "starting" : backup.status === "failed" ? "failed" : "stopped")}${backup.status === "running" && backup.progress ? html` ${backup.progress.part} ${Math.round(backup.progress.percent)}%` : null}${backup.reason ? html`<br>${backup.reason}` : null}</td><td>${backup.trigger}</td><td>${timeText(backup.startedAt)}</td><td>${backup.bytes === null ? "-" : bytesText(backup.bytes)}</td>${
      actions.manage ? html`<td>${backup.status === "succeeded" ? html`<a href="${base}/${backup.id}/restore">Restore backup ${backup.id}…</a>` : null}</td>` : null
    }</tr>`;
  return html`<h2>Backups</h2>
<p>Repository: <code>${backups.repository}</code>. ${backups.schedule ? html`Scheduled: <code>${backups.schedule.cron}</code>, keeping ${backups.schedule.keepDaily} daily, ${backups.schedule.keepWeekly} weekly and ${backups.schedule.keepMonthly} monthly.` : "No schedule."} ${drillText(backups.drill)}${backups.overdue ? html` <span class="status status-bad">Overdue:</span> no backup succeeded in twice the schedule's interval.` : null}</p>
${
  backups.backups.length === 0
    ? html`<p class="muted">No backups yet.</p>`
    : html`<table>
<thead><tr><th scope="col">Backup</th><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Started</th><th scope="col">Size</th>${actions.manage ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${backups.backups.slice(0, 20).map(row)}</tbody>
</table>`
}
${actions.backup ? html`<form method="post" action="${base}">${csrfField(viewer)}<p><button type="submit">Back up now</button></p></form>` : null}
${actions.manage ? backupScheduleForms(viewer, data.app, backups.schedule, backups.drill, data.problem ?? null) : null}`;
}

function accessSection(viewer: Viewer, data: AppSectionsData): Html {
  const { access, actions } = data;
  const base = `/ui/apps/${data.app}/access`;
  // Owners grant viewer and developer; making or unmaking an owner is for admins (as the API says).
  const mayChange = (role: AppRole) => actions.manage && (actions.admin || role !== "owner");
  const roles: AppRole[] = actions.admin ? ["viewer", "developer", "owner"] : ["viewer", "developer"];
  return html`<h2>Access</h2>
${
  access.grants.length === 0
    ? html`<p class="muted">Nobody has a role on the app (server admins have every role).</p>`
    : html`<table>
<thead><tr><th scope="col">User</th><th scope="col">Role</th>${actions.manage ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${access.grants.map(
        (grant) =>
          html`<tr><th scope="row">${grant.user}</th><td>${grant.role}</td>${
            actions.manage
              ? html`<td>${mayChange(grant.role) ? html`<form method="post" action="${base}/revoke">${csrfField(viewer)}<input type="hidden" name="user" value="${grant.user}"><button type="submit">Revoke ${grant.user}</button></form>` : null}</td>`
              : null
          }</tr>`,
      )}</tbody>
</table>`
}
${
  actions.manage
    ? html`<form method="post" action="${base}">${csrfField(viewer)}
<label for="grant-user">User</label>
<input id="grant-user" name="user" required maxlength="64" autocomplete="off">
<label for="grant-role">Role</label>
<select id="grant-role" name="role">${roles.map((role) => html`<option>${role}</option>`)}</select>
<p><button type="submit">Grant role</button></p>
</form>`
    : null
}`;
}

function auditSection(app: string, entries: readonly AuditEntry[]): Html {
  return html`<h2>Audit entries</h2>
${entries.length === 0 ? html`<p class="muted">No entries.</p>` : auditTable(entries)}
<p><a href="/ui/audit?app=${app}">All audit entries of ${app}</a></p>`;
}

/** Audit entries, newest first, every value escaped (a detail is whatever a request carried). */
export function auditTable(entries: readonly AuditEntry[]): Html {
  return html`<table>
<thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">App</th><th scope="col">Detail</th><th scope="col">Result</th></tr></thead>
<tbody>${[...entries].reverse().map(
    (entry) =>
      html`<tr><td>${timeText(entry.at)}</td><th scope="row">${entry.user ?? html`<span class="muted">unknown</span>`}${entry.ip ? html` <span class="muted">from ${entry.ip}</span>` : null}</th><td>${entry.action}</td><td>${entry.app ?? "-"}</td><td>${entry.detail ?? ""}</td><td>${entry.result === "ok" ? "ok" : statusBadge("failed")}${entry.result === "ok" ? null : html` ${entry.result}`}</td></tr>`,
  )}</tbody>
</table>`;
}

/** The confirmation step of a restore: what it replaces, and one button. */
export function restoreConfirmation(viewer: Viewer, app: string, backup: Backup): Html {
  return html`<h1>Restore backup ${backup.id} of <a href="/ui/apps/${app}">${app}</a>?</h1>
<p>Backup ${backup.id} was made ${timeText(backup.startedAt)} (${backup.trigger}).</p>
<p class="error" role="alert">Restoring in place stops the app's processes and replaces its data directory, config vars, domains and scale with the backup's; its current release then starts again. On a failure the app gets its previous state back.</p>
<form method="post" action="/ui/apps/${app}/backups/${backup.id}/restore">${csrfField(viewer)}<input type="hidden" name="confirm" value="yes">
<div class="actions"><button type="submit">Restore backup ${backup.id} now</button> <a href="/ui/apps/${app}">Cancel</a></div>
</form>
<h2>Or restore into a new app</h2>
<p>The app is not touched: a new app is built from the backup's release, with its data and config vars (as <code>hop3 backups:restore ${app} ${backup.id} --to NEWAPP</code>).</p>
<form method="post" action="/ui/apps/${app}/backups/${backup.id}/restore">${csrfField(viewer)}<input type="hidden" name="confirm" value="yes">
<label for="restore-to">Name of the new app</label>
<input id="restore-to" name="to" required maxlength="63" autocomplete="off" spellcheck="false">
<p><button type="submit">Restore backup ${backup.id} into the new app</button></p>
</form>`;
}
