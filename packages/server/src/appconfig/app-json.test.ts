import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseAppJson } from "./app-json.ts";

function appJsonError(text: string): string {
  try {
    parseAppJson(text);
  } catch (error) {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, "APP_CONFIG_INVALID");
    return error.message;
  }
  assert.fail("expected app.json to be refused");
}

test("parses a Heroku app.json with Dokku's scripts, health checks and formation", () => {
  const config = parseAppJson(`{
    "name": "Small Sharp Tool",
    "keywords": ["productivity"],
    "scripts": { "dokku": { "predeploy": "python manage.py migrate" } },
    "env": { "WEB_CONCURRENCY": { "description": "Processes", "value": "5" }, "BUILDPACK_URL": "https://example.test/bp" },
    "formation": { "web": { "quantity": 1, "size": "standard-1x" } },
    "healthchecks": { "web": [{ "type": "startup", "path": "/ready", "attempts": 3 }] },
    "addons": ["heroku-postgresql"]
  }`);
  assert.equal(config.scripts?.dokku?.predeploy, "python manage.py migrate");
  assert.equal(config.healthchecks?.["web"]?.[0]?.path, "/ready");
  assert.equal(config.formation?.["web"]?.quantity, 1);
});

test("accepts an app.json saved with a byte order mark", () => {
  assert.equal(parseAppJson('\uFEFF{ "name": "x" }').name, "x");
});

test("reports a JSON syntax error with the line and column it is on", () => {
  assert.equal(appJsonError('{\n  "name": "shop"\n  "env": {}\n}'), "app.json line 3, column 3: Expected ',' or '}' after property value");
  assert.equal(appJsonError('{ "name": "shop", "env": {'), "app.json line 1, column 27: Expected property name or '}'");
  assert.equal(appJsonError('{ "name": "sh'), "app.json line 1, column 14: Unterminated string");
});

test("finds the line and column of errors V8 reports without a position, with a hint", () => {
  assert.equal(appJsonError('{\n  "keywords": [\n    "a",\n  ]\n}'), "app.json line 4, column 3: Unexpected token ']' (JSON allows no comma after the last item)");
  assert.equal(appJsonError('// Heroku\n{}'), "app.json line 1, column 1: Unexpected token '/' (JSON allows no comments)");
  assert.equal(appJsonError("{\n  'name': 'x'\n}"), "app.json line 2, column 3: Expected property name or '}' (JSON strings take double quotes)");
});

test("never repeats the file's text in a syntax error, since app.json may hold secrets", () => {
  const message = appJsonError('{ "env": { "SECRET": hunter2 } }');
  assert.match(message, /^app.json line 1, column 22: Unexpected token 'h'$/);
});

test("refuses a file that is not a JSON object", () => {
  assert.equal(appJsonError("[]"), "app.json: the file must hold a JSON object ({ … }), got an array");
  assert.equal(appJsonError("null"), "app.json: the file must hold a JSON object ({ … }), got null");
});

test("names the key path and the expected type of a mistyped value", () => {
  assert.equal(appJsonError('{ "healthchecks": { "web": [{ "attempts": "3" }] } }'), 'app.json: "healthchecks.web[0].attempts" must be an integer of at least 1, got "3"');
  assert.equal(appJsonError('{ "healthchecks": { "web": [{ "attempts": 2.5 }] } }'), 'app.json: "healthchecks.web[0].attempts" must be an integer of at least 1, got number 2.5');
  assert.equal(appJsonError('{ "healthchecks": { "web": [{ "timeout": 0 }] } }'), 'app.json: "healthchecks.web[0].timeout" must be a positive number of seconds (at most 86400), got number 0');
  assert.equal(appJsonError('{ "healthchecks": { "web": [{ "path": "health" }] } }'), 'app.json: "healthchecks.web[0].path" must be a URL path starting with "/", got "health"');
  assert.equal(appJsonError('{ "healthchecks": { "web": { "path": "/" } } }'), 'app.json: "healthchecks.web" must be an array, got an object');
  assert.equal(appJsonError('{ "scripts": { "dokku": { "predeploy": ["a", "b"] } } }'), 'app.json: "scripts.dokku.predeploy" must be a command (a string), got an array');
  assert.equal(appJsonError('{ "env": { "WORKERS": 4 } }'), 'app.json: "env.WORKERS" must be a string or an object, got number 4 (write it in quotes: "4")');
  assert.equal(appJsonError('{ "env": { "WORKERS": { "value": 4 } } }'), 'app.json: "env.WORKERS.value" must be a string, got number 4 (write it in quotes: "4")');
  assert.equal(appJsonError('{ "formation": { "worker": { "quantity": -1 } } }'), 'app.json: "formation.worker.quantity" must be a whole number, got number -1');
});

test("suggests the closest health check type", () => {
  assert.equal(
    appJsonError('{ "healthchecks": { "web": [{ "type": "startp" }] } }'),
    'app.json: "healthchecks.web[0].type" must be one of "startup", "readiness", "liveness", got "startp"; did you mean "startup"?',
  );
});

test("leaves the keys Hop3 does not read unchecked", () => {
  const config = parseAppJson('{ "name": 5, "keywords": "x", "cron": "nope", "unknown-tool": { "a": 1 } }');
  assert.equal(config.name, 5);
});

test("refuses invalid process type names in formation", () => {
  assert.match(appJsonError('{ "formation": { "my worker": { "quantity": 1 } } }'), /^app.json: in "formation", "my worker" is not a valid process type name/);
  assert.equal(appJsonError('{ "formation": { "Web": {}, "web": {} } }'), 'app.json: in "formation", "Web" and "web" name the same process type');
});

test("reports the first five problems and counts the rest", () => {
  const env = Object.fromEntries(["A", "B", "C", "D", "E", "F", "G"].map((name) => [name, 1]));
  const lines = appJsonError(JSON.stringify({ env })).split("\n");
  assert.equal(lines.length, 6);
  assert.equal(lines[5], "app.json: … and 2 more problems");
});
