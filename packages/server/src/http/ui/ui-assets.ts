/**
 * The web UI's only stylesheet and script, served as files so the Content-Security-Policy
 * needs no inline code (docs/adr/0052-web-ui.md). Kept in TypeScript so `dist/` needs no copy step.
 */
export const uiCss = `:root { color-scheme: light dark; --fg: #1b1b1b; --bg: #fff; --muted: #595959; --line: #d0d0d0; --bad: #a4001d; --warn: #7a4a00; --good: #1d5e20; --focus: #0b57d0; }
@media (prefers-color-scheme: dark) { :root { --fg: #eee; --bg: #161616; --muted: #b5b5b5; --line: #444; --bad: #ff8a8a; --warn: #ffc766; --good: #8fdc8f; --focus: #8ab4f8; } }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
a { color: inherit; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem; }
header { display: flex; gap: 1rem; align-items: center; justify-content: space-between; border-bottom: 1px solid var(--line); }
header form { display: inline; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
label { display: block; margin: .75rem 0 .25rem; }
input, textarea { font: inherit; padding: .4rem; min-width: 16rem; }
input[type=checkbox] { min-width: 0; margin-right: .4rem; }
textarea { width: 100%; max-width: 44rem; font-family: monospace; }
button { font: inherit; padding: .35rem .9rem; cursor: pointer; }
.status { font-weight: 600; }
.status-bad { color: var(--bad); }
.status-warn { color: var(--warn); }
.status-good { color: var(--good); }
.notice, .error { padding: .5rem .75rem; border-left: 4px solid var(--good); }
.error { border-color: var(--bad); }
.actions { display: flex; gap: .5rem; flex-wrap: wrap; }
.muted { color: var(--muted); }
.log { font: 13px/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-all; list-style: none; padding: .5rem; margin: 0; border: 1px solid var(--line); max-height: 70vh; overflow: auto; }
.log li { margin: 0; }
`;

/**
 * Live logs (progressive enhancement): the page lists the last lines as HTML; this adds the
 * new ones from the Server-Sent Events stream as text (never markup), keeping at most
 * `data-max` lines so the browser's memory stays bounded, and a pause button.
 */
export const logsJs = `"use strict";
(function () {
  var list = document.getElementById("log-lines");
  var state = document.getElementById("log-state");
  if (!list || !window.EventSource) return;
  var max = Number(list.getAttribute("data-max")) || 1000;
  var paused = false;
  var held = [];
  var pause = document.getElementById("log-pause");
  function add(entry) {
    var item = document.createElement("li");
    item.textContent = entry.instance + " " + entry.line;
    list.appendChild(item);
    while (list.childElementCount > max) list.removeChild(list.firstElementChild);
  }
  if (pause) {
    pause.hidden = false;
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.textContent = paused ? "Resume" : "Pause";
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      if (!paused) { held.forEach(add); held = []; }
    });
  }
  var source = new EventSource(list.getAttribute("data-events"));
  source.addEventListener("open", function () { if (state) state.textContent = "Following new lines."; });
  source.addEventListener("error", function () { if (state) state.textContent = "Disconnected; reconnecting."; });
  source.addEventListener("message", function (event) {
    var entry = JSON.parse(event.data);
    if (paused) { held.push(entry); if (held.length > max) held.shift(); return; }
    add(entry);
  });
})();
`;
