import type { BackupDrillSchedule, BackupSchedule, CustomCertificate } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import type { FormProblem } from "./ui-app-config.ts";
import { csrfField, timeText, type Viewer } from "./ui-pages.ts";

/** The refusal of one form, when it is that form's (its message is shown next to the field). */
function problemOf(problem: FormProblem | null, form: FormProblem["form"]): FormProblem | null {
  return problem?.form === form ? problem : null;
}

/** `aria-invalid` and the error's id on the field a refusal is about. */
function invalid(problem: FormProblem | null, id: string): Html | null {
  return problem ? html` aria-invalid="true" aria-describedby="${id}"` : null;
}

function errorOf(problem: FormProblem | null, id: string): Html | null {
  return problem ? html`<p id="${id}" class="error" role="alert">${problem.message}</p>` : null;
}

/**
 * The app's custom certificates (`hop3 certs`) with Remove, and the form that adds one
 * (`hop3 certs:add`): for those `certs:add`/`certs:remove` allow (app:manage). A refused
 * certificate is shown next to its field with the chain kept and the key never sent back.
 */
export function customCertificatesForm(viewer: Viewer, app: string, custom: readonly CustomCertificate[], problem: FormProblem | null): Html {
  const base = `/ui/apps/${app}/certificates`;
  const refused = problemOf(problem, "certificate");
  return html`<h3>Custom certificates</h3>
${
  custom.length === 0
    ? html`<p class="muted">No custom certificate: the hostnames get automatic ones.</p>`
    : html`<table>
<thead><tr><th scope="col">Served for</th><th scope="col">Issuer</th><th scope="col">Expires</th><th scope="col">Action</th></tr></thead>
<tbody>${custom.map(
        (cert) =>
          html`<tr><th scope="row">${cert.hosts.join(", ")}</th><td>${cert.issuer}</td><td>${timeText(cert.notAfter)}</td><td>${
            (cert.origin ?? "custom") === "custom"
              ? html`<form method="post" action="${base}/remove">${csrfField(viewer)}<input type="hidden" name="hosts" value="${cert.hosts.join(",")}"><button type="submit">Remove the certificate of ${cert.hosts.join(", ")}</button></form>`
              : html`<span class="muted">obtained by the server</span>`
          }</td></tr>`,
      )}</tbody>
</table>`
}
<form method="post" action="${base}">${csrfField(viewer)}
<label for="cert-chain">Certificate chain (PEM: the certificate, then its intermediates)</label>
<textarea id="cert-chain" name="certificate" rows="6" required spellcheck="false" autocomplete="off"${invalid(refused, "cert-error")}>${refused?.key ?? ""}</textarea>
${errorOf(refused, "cert-error")}
<label for="cert-key">Private key (PEM, unencrypted; never shown again)</label>
<textarea id="cert-key" name="key" rows="4" required spellcheck="false" autocomplete="off"></textarea>
<p><button type="submit">Add certificate</button> <span class="muted">Checked as <code>hop3 certs:add</code> does; the proxy serves it at once.</span></p>
</form>`;
}

/** The backup schedule and the restore drill schedule (`hop3 backups:schedule`, `backups:drill-schedule`): set or turned off, for app:manage. */
export function backupScheduleForms(viewer: Viewer, app: string, schedule: BackupSchedule | null, drill: BackupDrillSchedule | null, problem: FormProblem | null): Html {
  const base = `/ui/apps/${app}/backups`;
  const refused = problemOf(problem, "backup-schedule");
  const drillRefused = problemOf(problem, "drill-schedule");
  const keep = (id: string, label: string, value: number) =>
    html`<label for="${id}">${label}</label><input id="${id}" name="${id}" type="number" min="0" max="1000" required value="${value}">`;
  return html`<form method="post" action="${base}/schedule">${csrfField(viewer)}
<h3>Backup schedule</h3>
<label for="backup-cron">Back up at (five-field cron, server time)</label>
<input id="backup-cron" name="cron" required maxlength="100" autocomplete="off" spellcheck="false" value="${refused?.key ?? schedule?.cron ?? "0 3 * * *"}"${invalid(refused, "backup-schedule-error")}>
${errorOf(refused, "backup-schedule-error")}
${keep("keep-daily", "Daily backups kept", schedule?.keepDaily ?? 7)}
${keep("keep-weekly", "Weekly backups kept", schedule?.keepWeekly ?? 4)}
${keep("keep-monthly", "Monthly backups kept", schedule?.keepMonthly ?? 6)}
<p><button type="submit">Set backup schedule</button></p>
</form>
${schedule ? html`<form method="post" action="${base}/schedule/off">${csrfField(viewer)}<p><button type="submit">Turn the backup schedule off</button> <span class="muted">The backups stay.</span></p></form>` : null}
<form method="post" action="${base}/drill-schedule">${csrfField(viewer)}
<h3>Restore drill schedule</h3>
<label for="drill-cron">Run the drill at (five-field cron, server time)</label>
<input id="drill-cron" name="cron" required maxlength="100" autocomplete="off" spellcheck="false" value="${drillRefused?.key ?? drill?.cron ?? "0 4 * * 0"}"${invalid(drillRefused, "drill-schedule-error")}>
${errorOf(drillRefused, "drill-schedule-error")}
<p><button type="submit">Set drill schedule</button> <span class="muted">The latest backup is restored into a throwaway app that must pass its health check.</span></p>
</form>
${drill ? html`<form method="post" action="${base}/drill-schedule/off">${csrfField(viewer)}<p><button type="submit">Turn the drill schedule off</button></p></form>` : null}`;
}

/** What the backups section says of the drill schedule, to everyone who sees the app. */
export function drillText(drill: BackupDrillSchedule | null): Html {
  if (drill === null) return html`No restore drill.`;
  const last = drill.last;
  return html`Restore drill: <code>${drill.cron}</code>${
    last === null ? html` (none ran yet).` : html`, last ${last.status === "succeeded" ? "succeeded" : html`<span class="status status-bad">failed</span>${last.reason ? html`: ${last.reason}` : null}`} ${timeText(last.finishedAt)}.`
  }`;
}
