/**
 * HTML built by the web UI (docs/adr/0052-web-ui.md). Every interpolated value is escaped
 * unless it is already `Html` (made by `html` itself or `trustedHtml`): app names, log lines,
 * config names and values can never become markup.
 */
export class Html {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;", "=": "&#61;" };

/** The text as HTML text or a quoted attribute value: `& < > " ' \` =` become entities. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (char) => entities[char] ?? char);
}

/** A value interpolated into `html`: escaped text, Html as is, arrays joined, null/undefined/false as nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

/** Tagged template: `html\`<p>${name}</p>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? "");
  });
  return new Html(out);
}

/** Markup written by Hop3 itself, never from a value it was given (the page skeleton). */
export function trustedHtml(markup: string): Html {
  return new Html(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}
