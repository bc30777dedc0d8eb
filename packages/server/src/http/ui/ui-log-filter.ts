import type { LogLine } from "@hop3/contract";
import { instanceLogs } from "../../logs/app-logs.ts";
import { recentLines } from "../../logs/app-log-lines.ts";
import { html, type Html } from "./html.ts";

/** The logs page's filter: one process type, and text to search for (case-insensitive). */
export interface LogFilter {
  readonly process: string | null;
  readonly search: string | null;
}

/** How many of each instance's last lines a search reads: bounded, whatever the log's size. */
export const searchScanLines = 10_000;
const searchMaxLength = 200;

/** The filter from the page's query; a process type the app does not have is ignored. */
export function logFilterOf(query: { process?: unknown; q?: unknown }, types: readonly string[]): LogFilter {
  const process = typeof query.process === "string" && types.includes(query.process) ? query.process : null;
  const search = typeof query.q === "string" ? query.q.trim().slice(0, searchMaxLength) : "";
  return { process, search: search === "" ? null : search };
}

/** Whether a line passes the search. */
export function matchesSearch(filter: LogFilter): (line: LogLine) => boolean {
  const needle = filter.search?.toLowerCase() ?? null;
  return needle === null ? () => true : (line) => line.line.toLowerCase().includes(needle);
}

/** The instance logs the filter reads. */
export function filteredLogs(logDir: string, filter: LogFilter) {
  return instanceLogs(logDir, filter.process ?? undefined);
}

/** The page's first lines: the last 200, or with a search the last `window` matches among the last `searchScanLines` of each instance. */
export function filteredRecentLines(logDir: string, filter: LogFilter, window: number): LogLine[] {
  const logs = filteredLogs(logDir, filter);
  if (filter.search === null) return recentLines(logs, 200).slice(-window);
  return recentLines(logs, searchScanLines).filter(matchesSearch(filter)).slice(-window);
}

/** The query string that carries the filter to the live stream. */
export function filterQuery(filter: LogFilter): string {
  const query = new URLSearchParams();
  if (filter.process !== null) query.set("process", filter.process);
  if (filter.search !== null) query.set("q", filter.search);
  const text = query.toString();
  return text === "" ? "" : `?${text}`;
}

/** A GET form (works without JavaScript): process type and search. */
export function logFilterForm(base: string, filter: LogFilter, types: readonly string[]): Html {
  return html`<form method="get" action="${base}/logs" class="log-filter" role="search" aria-label="Filter the log lines">
<label for="log-process">Process</label>
<select id="log-process" name="process"><option value="">All processes</option>${types.map((type) => html`<option value="${type}"${type === filter.process ? html` selected` : null}>${type}</option>`)}</select>
<label for="log-search">Search</label>
<input id="log-search" name="q" type="search" maxlength="${searchMaxLength}" value="${filter.search ?? ""}">
<p><button type="submit">Filter</button>${filter.process !== null || filter.search !== null ? html` <a href="${base}/logs">Show all lines</a>` : null}</p>
</form>`;
}
