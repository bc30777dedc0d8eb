import { html, type Html } from "./html.ts";
import { csrfField, type Viewer } from "./ui-pages.ts";

/** A refused form on the app page: shown next to the field it is about, never as a new page. */
export interface FormProblem {
  readonly form: "config" | "scale" | "redeploy" | "certificate" | "backup-schedule" | "drill-schedule";
  readonly message: string;
  /** What the user typed in the field, kept there: a config var name, a cron, a certificate chain (never a secret: a value, a key). */
  readonly key?: string;
}

export interface ConfigSectionData {
  /** Names always, values only for those allowed to read secrets. */
  readonly config: readonly { readonly name: string; readonly value: string | null }[];
  readonly secrets: boolean;
  /** Set and unset (`app:deploy`, as `POST /v1/apps/:app/config`). */
  readonly configure: boolean;
  readonly problem: FormProblem | null;
}

/** Config vars: masked values with Reveal, and for those allowed, set and unset forms. */
export function configSection(viewer: Viewer, base: string, data: ConfigSectionData): Html {
  const problem = data.problem?.form === "config" ? data.problem : null;
  const table =
    data.config.length === 0
      ? html`<p class="muted">No config vars.</p>`
      : html`${data.secrets ? null : html`<p class="muted">Values are shown to developers and owners only.</p>`}
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Value</th>${data.configure ? html`<th scope="col">Action</th>` : null}</tr></thead>
<tbody>${data.config.map(
          (entry) => html`<tr><th scope="row"><code>${entry.name}</code></th><td>${
            entry.value === null ? html`<span class="muted">hidden</span>` : html`<details><summary>Reveal</summary><code>${entry.value}</code></details>`
          }</td>${
            data.configure
              ? html`<td><form method="post" action="${base}/config/unset">${csrfField(viewer)}<input type="hidden" name="key" value="${entry.name}"><button type="submit">Unset ${entry.name}</button></form></td>`
              : null
          }</tr>`,
        )}</tbody>
</table>`;
  if (!data.configure) return table;
  return html`${table}
<form method="post" action="${base}/config" class="config-form">
${csrfField(viewer)}
<h3>Set a config var</h3>
<label for="config-key">Name</label>
<input id="config-key" name="key" required maxlength="200" autocomplete="off" spellcheck="false" value="${problem?.key ?? ""}"${problem ? html` aria-invalid="true" aria-describedby="config-error"` : null}>
${problem ? html`<p id="config-error" class="error" role="alert">${problem.message}</p>` : null}
<label for="config-value">Value</label>
<input id="config-value" name="value" maxlength="65536" autocomplete="off" spellcheck="false">
<p><button type="submit">Set and restart</button> <span class="muted">The app restarts with it through the health-checked switch, as <code>hop3 config:set</code> does.</span></p>
</form>`;
}
