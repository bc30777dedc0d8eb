import { maxInstancesPerType, type AppInfo } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { csrfField, type Viewer } from "./ui-pages.ts";
import type { FormProblem } from "./ui-app-config.ts";

/** How many instances of each process type of the serving release run or are on their way. */
export function scaleOf(info: Pick<AppInfo, "processTypes" | "instances">): { readonly type: string; readonly instances: number }[] {
  return Object.keys(info.processTypes)
    .sort()
    .map((type) => ({ type, instances: info.instances.filter((instance) => instance.type === type && instance.state !== "draining" && instance.state !== "stopping" && instance.state !== "stopped").length }));
}

/** Start, stop and restart buttons (`app:deploy`, as `POST /v1/apps/:app/processes/*`). */
export function processButtons(viewer: Viewer, base: string): Html {
  const button = (action: string, label: string) => html`<form method="post" action="${base}/${action}">${csrfField(viewer)}<button type="submit">${label}</button></form>`;
  return html`<div class="actions">${button("restart", "Restart processes")}${button("stop", "Stop processes")}${button("start", "Start processes")}</div>`;
}

/** One number field per process type (`app:deploy`, as `POST /v1/apps/:app/processes/scale`). */
export function scaleForm(viewer: Viewer, base: string, info: Pick<AppInfo, "processTypes" | "instances">, problem: FormProblem | null): Html {
  const types = scaleOf(info);
  if (types.length === 0) return html``;
  const refused = problem?.form === "scale" ? problem : null;
  return html`<form method="post" action="${base}/scale">
${csrfField(viewer)}
<fieldset><legend>Scale: instances of each process type (0 runs none)</legend>
${types.map(
    (entry) =>
      html`<label for="scale-${entry.type}">${entry.type}</label><input id="scale-${entry.type}" name="type.${entry.type}" type="number" min="0" max="${maxInstancesPerType}" required value="${entry.instances}"${refused ? html` aria-describedby="scale-error"` : null}>`,
  )}
${refused ? html`<p id="scale-error" class="error" role="alert">${refused.message}</p>` : null}
<p><button type="submit">Scale</button></p>
</fieldset>
</form>`;
}
