/**
 * The HTML pages the proxy serves itself, when no app can answer. Shared by every proxy
 * driver: small, self-contained (no external assets, inline styles only so no stylesheet
 * braces reach proxies that expand `{placeholders}`), and accessible.
 */

const htmlEscapes: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char] ?? char);
}

const bodyStyle = "font-family: system-ui, sans-serif; line-height: 1.5; max-width: 40rem; margin: 4rem auto; padding: 0 1rem; color: #222";

function page(title: string, explanation: string): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${title}</title>`,
    "</head>",
    `<body style="${bodyStyle}">`,
    "<main>",
    `<h1>${title}</h1>`,
    `<p>${explanation}</p>`,
    "</main>",
    '<footer><p><small>Served by Hop3</small></p></footer>',
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/** The 502 page for an app that is deployed but has no instance answering. */
export function appNotRunningPage(app: string): string {
  return page(
    `${escapeHtml(app)} is not running`,
    "This app exists on this server, but none of its processes is answering right now. Please try again in a moment.",
  );
}

/**
 * The 404 page for an app created but never deployed: nothing will answer until its owner
 * deploys, so it says how instead of "try again in a moment".
 */
export function appNotDeployedPage(app: string): string {
  const name = escapeHtml(app);
  return page(
    `${name} has no release yet`,
    `This app exists on this server, but nothing has been deployed to it yet. Its owner deploys it with <code>hop3 deploy --app ${name}</code> from the app's directory, or with <code>git push</code> to the server.`,
  );
}

/** The 503 page for an app its owner stopped (`hop3 ps:stop`) or scaled to no web process (`hop3 ps:scale web=0`). */
export function appStoppedPage(app: string): string {
  return page(`${escapeHtml(app)} is stopped`, "This app exists on this server, but it has been stopped by its owner. It answers again once it is started.");
}

/** The 404 page for a hostname that no app on this server claims. */
export function noAppPage(host: string): string {
  return page(`No app at ${escapeHtml(host)}`, "This server has no app for this address. Check the address for typos.");
}
