import type { AuditEntry } from "@hop3/contract";
import { html, type Html } from "./html.ts";
import { layout, type Viewer } from "./ui-pages.ts";
import { auditTable } from "./ui-app-sections.ts";

/** The audit page's filters, as given in its query (each bounded). */
export interface AuditFilter {
  readonly app: string;
  readonly user: string;
  readonly action: string;
  /** Entries older than this id (the next page); null: the newest. */
  readonly before: number | null;
}

/** `/ui/audit` (admins): the newest `pageSize` entries matching the filter, then "Older entries". */
export function auditPage(viewer: Viewer, filter: AuditFilter, entries: readonly AuditEntry[], pageSize: number): Html {
  const query = (before: number | null) => {
    const pairs: [string, string][] = (["app", "user", "action"] as const).filter((key) => filter[key] !== "").map((key) => [key, filter[key]]);
    if (before !== null) pairs.push(["before", String(before)]);
    return new URLSearchParams(pairs).toString();
  };
  const oldest = entries[0]?.id ?? null;
  return layout(
    "Audit log",
    viewer,
    html`<h1>Audit log</h1>
<form method="get" action="/ui/audit" class="actions">
<div><label for="audit-app">App</label><input id="audit-app" name="app" maxlength="63" value="${filter.app}"></div>
<div><label for="audit-user">User</label><input id="audit-user" name="user" maxlength="64" value="${filter.user}"></div>
<div><label for="audit-action">Action</label><input id="audit-action" name="action" maxlength="100" value="${filter.action}" placeholder="e.g. deploy"></div>
<p><button type="submit">Filter</button> <a href="/ui/audit">Clear</a></p>
</form>
<p>${entries.length === 0 ? "No entries." : html`${entries.length} entr${entries.length === 1 ? "y" : "ies"}, newest first${filter.before === null ? null : html` (older than entry ${filter.before})`}.`}</p>
${entries.length === 0 ? null : auditTable(entries)}
<nav aria-label="Pages of the audit log"><p>${filter.before === null ? null : html`<a href="/ui/audit?${query(null)}">Newest entries</a> `}${entries.length === pageSize && oldest !== null ? html`<a href="/ui/audit?${query(oldest)}">Older entries</a>` : null}</p></nav>`,
  );
}
