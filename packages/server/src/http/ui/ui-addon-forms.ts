import type { AddonSummary } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { csrfField, layout, type Viewer } from "./ui-pages.ts";

/** What the server page's addon forms may offer the viewer: `POST /v1/addons` (addons:create) and `DELETE /v1/addons/:addon` (addon:manage) each. */
export interface AddonActions {
  /** The types this server has an engine for; empty when the viewer may not create one. */
  readonly create: readonly string[];
  /** The addons the viewer may destroy. */
  readonly destroy: ReadonlySet<string>;
}

/** A refused addon form: its message, and what was typed (kept in the fields). */
export interface AddonFormProblem {
  readonly message: string;
  readonly type?: string;
  readonly name?: string;
}

/** The create form of `hop3 addons:create TYPE NAME`, for those allowed. */
export function createAddonForm(viewer: Viewer, actions: AddonActions, problem: AddonFormProblem | null): Html | null {
  if (actions.create.length === 0) return null;
  const invalid = problem ? html` aria-invalid="true" aria-describedby="addon-create-error"` : null;
  return html`<h3>Create an addon</h3>
<form method="post" action="/ui/addons">${csrfField(viewer)}
<label for="addon-type">Type</label>
<select id="addon-type" name="type">${actions.create.map((type) => html`<option value="${type}"${problem?.type === type ? html` selected` : null}>${type}</option>`)}</select>
<label for="addon-name">Name of the addon</label>
<input id="addon-name" name="name" required maxlength="40" autocomplete="off" spellcheck="false" value="${problem?.name ?? ""}"${invalid}>
${problem ? html`<p id="addon-create-error" class="error" role="alert">${problem.message}</p>` : null}
<p><button type="submit">Create addon</button></p>
</form>`;
}

/** The cell of an addon's row: a link to its confirmation page, for those allowed to destroy it. */
export function destroyAddonLink(actions: AddonActions, addon: string): Html | null {
  return actions.destroy.has(addon) ? html`<a href="/ui/addons/${addon}/destroy">Destroy ${addon}…</a>` : null;
}

/**
 * `/ui/addons/:addon/destroy`: what is lost, the name to type, and (when attached) the choice
 * of `--force`, which detaches it from every app first; without it the server refuses (ADDON_ATTACHED).
 */
export function destroyAddonPage(viewer: Viewer, addon: AddonSummary, problem: string | null): Html {
  const attached = addon.attachments.map((attachment) => attachment.app);
  const invalid = problem ? html` aria-invalid="true" aria-describedby="destroy-error"` : null;
  return layout(
    `Destroy ${addon.name}`,
    viewer,
    html`<h1>Destroy the addon ${addon.name}?</h1>
<p class="error">Its data (${addon.type} ${addon.version}) is deleted, as <code>hop3 addons:destroy ${addon.name}</code>; it cannot be undone.</p>
${attached.length > 0 ? html`<p>It is attached to ${attached.map((app, index) => html`${index > 0 ? ", " : null}<a href="/ui/apps/${app}">${app}</a>`)}: it is refused unless you also detach it from them.</p>` : html`<p>It is attached to no app.</p>`}
<form method="post" action="/ui/addons/${addon.name}/destroy">${csrfField(viewer)}
<label for="confirm-addon">Type ${addon.name} to confirm</label>
<input id="confirm-addon" name="confirm" required maxlength="200" autocomplete="off" spellcheck="false"${invalid}>
${attached.length > 0 ? html`<label><input type="checkbox" id="destroy-force" name="force" value="yes"> Detach it from every app first (force): they restart without its variables</label>` : null}
${problem ? html`<p id="destroy-error" class="error" role="alert">${problem}</p>` : null}
<div class="actions"><button type="submit">Destroy ${addon.name}</button> <a href="/ui/server">Cancel</a></div>
</form>`,
  );
}
