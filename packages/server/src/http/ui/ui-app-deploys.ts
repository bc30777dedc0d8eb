import { html, type Html } from "./html.ts";
import { layout, type Viewer } from "./ui-pages.ts";

/** How many lines of a deploy's output a page keeps (live or kept): the newest ones. */
export const deployOutputWindow = 2000;

/**
 * The app page's live deploy: hidden until a deploy begins (CLI, `git push`, rollback, config
 * restart), then its output as the CLI shows it, read from the release's record.
 */
export function liveDeploySection(base: string): Html {
  return html`<section id="deploy-live" class="deploy-live" aria-labelledby="deploy-live-title" data-events="${base}/deploys/events" data-max="${deployOutputWindow}" hidden>
<h2 id="deploy-live-title">Deploy</h2>
<p id="deploy-state" role="status" aria-live="polite"></p>
<pre id="deploy-output" class="log" tabindex="0" role="region" aria-label="Deploy output"></pre>
</section>
<script src="/ui/static/deploy.js" defer></script>`;
}

/** A release's kept build and deploy output (the newest `deployOutputWindow` lines). */
export function releaseOutputPage(viewer: Viewer, app: string, release: number, output: string | null): Html {
  const base = `/ui/apps/${app}`;
  const lines = output === null ? [] : output.replace(/\n$/, "").split("\n");
  const shown = lines.slice(-deployOutputWindow);
  return layout(
    `${app} release ${release}`,
    viewer,
    html`<h1>Release v${release} of <a href="${base}">${app}</a></h1>
${
  output === null
    ? html`<p class="muted">No output was kept for this release.</p>`
    : html`<p>${lines.length > shown.length ? `The last ${shown.length} of ${lines.length} lines` : `${lines.length} lines`} of its build and deploy output.</p>
<pre class="log" tabindex="0" role="region" aria-label="Build and deploy output">${shown.join("\n")}</pre>`
}`,
  );
}

/**
 * Live deploys on the app page (progressive enhancement): shows the section when a deploy
 * begins and appends its output lines as text, keeping the newest `data-max`; at the end,
 * says how it went and offers a reload (the page is not reloaded under the reader).
 */
export const deployJs = `"use strict";
(function () {
  var section = document.getElementById("deploy-live");
  var output = document.getElementById("deploy-output");
  var state = document.getElementById("deploy-state");
  if (!section || !output || !state || !window.EventSource) return;
  var max = Number(section.getAttribute("data-max")) || 2000;
  var source = new EventSource(section.getAttribute("data-events"));
  // Marks the page as following (tests and styles can tell), without showing the empty section.
  source.addEventListener("open", function () { section.setAttribute("data-state", "following"); });
  source.addEventListener("deploy", function (event) {
    var data = JSON.parse(event.data);
    section.hidden = false;
    output.textContent = "";
    state.textContent = "Release v" + data.release + " is being deployed.";
  });
  source.addEventListener("line", function (event) {
    var data = JSON.parse(event.data);
    output.appendChild(document.createTextNode(data.text + "\\n"));
    while (output.childNodes.length > max) output.removeChild(output.firstChild);
    output.scrollTop = output.scrollHeight;
  });
  source.addEventListener("done", function (event) {
    var data = JSON.parse(event.data);
    state.textContent = "Release v" + data.release + " " + data.status + (data.error ? ": " + data.error : "") + ". ";
    var reload = document.createElement("a");
    reload.href = window.location.pathname;
    reload.textContent = "Reload the page to see it";
    state.appendChild(reload);
  });
})();
`;
