import { test } from "node:test";
import assert from "node:assert/strict";
import { appNotDeployedPage, appNotRunningPage, appStoppedPage, escapeHtml, noAppPage } from "./pages.ts";

void test("escapes markup in the host named by the 404 page", () => {
  const html = noAppPage(`<script>alert("x")</script>.example.com`);
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /<h1>No app at &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;\.example\.com<\/h1>/);
});

void test("names the app in the title and heading of the 502 page", () => {
  const html = appNotRunningPage("shop");
  assert.match(html, /<title>shop is not running<\/title>/);
  assert.match(html, /<h1>shop is not running<\/h1>/);
});

void test("names the app in the title and heading of the 503 page of a stopped app", () => {
  const html = appStoppedPage("shop");
  assert.match(html, /<title>shop is stopped<\/title>/);
  assert.match(html, /<h1>shop is stopped<\/h1>/);
});

void test("says an app never deployed has no release yet and how to deploy it, not to try again", () => {
  const html = appNotDeployedPage("shop");
  assert.match(html, /<h1>shop has no release yet<\/h1>/);
  assert.match(html, /hop3 deploy --app shop/);
  assert.doesNotMatch(html, /try again/);
});

void test("builds self-contained pages with a language and no external assets", () => {
  for (const html of [noAppPage("a.example.com"), appNotRunningPage("a"), appStoppedPage("a"), appNotDeployedPage("a")]) {
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.doesNotMatch(html, /\b(src|href)=/);
    assert.doesNotMatch(html, /[{}]/);
  }
});

void test("escapes the five HTML-significant characters", () => {
  assert.equal(escapeHtml(`&<>"'`), "&amp;&lt;&gt;&quot;&#39;");
});
