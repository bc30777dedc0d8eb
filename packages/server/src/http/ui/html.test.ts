import { test } from "node:test";
import assert from "node:assert/strict";
import { escapeHtml, html, trustedHtml } from "./html.ts";

test("escapeHtml turns every character that could open markup or leave an attribute into an entity", () => {
  assert.equal(escapeHtml(`<script>alert("x")</script>`), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  assert.equal(escapeHtml(`' onmouseover=alert(1) x='`), "&#39; onmouseover&#61;alert(1) x&#61;&#39;");
  assert.equal(escapeHtml("a & b `c`"), "a &amp; b &#96;c&#96;");
  assert.equal(escapeHtml("&lt;"), "&amp;lt;", "an entity in a value stays text");
  assert.equal(escapeHtml("plain-name_1.2"), "plain-name_1.2");
});

test("html escapes interpolated text in content and attributes, and keeps nested Html as markup", () => {
  const name = `"><img src=x onerror=alert(1)>`;
  const page = html`<a href="/ui/apps/${name}" title="${name}">${name}</a>${html`<b>${"<i>"}</b>`}`.toString();
  assert.doesNotMatch(page, /<img/);
  assert.doesNotMatch(page, /"\s*onerror/);
  assert.equal(page, `<a href="/ui/apps/&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;" title="&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;">&quot;&gt;&lt;img src&#61;x onerror&#61;alert(1)&gt;</a><b>&lt;i&gt;</b>`);
});

test("html renders arrays joined, numbers as text, and null, undefined and false as nothing", () => {
  const items = ["<a>", "b"].map((item) => html`<li>${item}</li>`);
  assert.equal(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.toString(), "<ul><li>&lt;a&gt;</li><li>b</li></ul>0");
  assert.equal(html`${["<x>", trustedHtml("<br>")]}`.toString(), "&lt;x&gt;<br>");
});

test("a string that looks like Html is still escaped: only Html objects pass through", () => {
  const fake = { toString: () => "<script>" } as unknown as string;
  assert.equal(html`${fake}`.toString(), "&lt;script&gt;");
});
