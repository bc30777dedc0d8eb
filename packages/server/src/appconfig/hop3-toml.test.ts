import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseHop3Toml } from "./hop3-toml.ts";

const django = `
[metadata]
id = "myapp"
version = "1.2.0"
title = "My Django app"

[build]
toolchain = "python"
before-build = "pip install -r requirements.txt"
packages = ["libpq-dev"]

[run]
start = "gunicorn myapp.wsgi:application -b 0.0.0.0:$PORT"
before-run = ["python manage.py migrate --noinput", "python manage.py collectstatic --noinput"]

[run.workers]
worker = "celery -A myapp worker -l info"
beat = "celery -A myapp beat -l info"

[env]
DJANGO_SETTINGS_MODULE = "myapp.settings"
SECRET_KEY = { generate = "hex", length = 64 }
HOST_NAME = "myapp.example.com"

[static]
"/static" = "staticfiles"

[healthcheck]
path = "/health/"
interval = 30
timeout = 5
retries = 3

[[addons]]
type = "postgres"

[[addons]]
type = "redis"
name = "cache"

[backup]
paths = ["media"]
exclude = ["*.tmp"]
`;

function tomlError(text: string): string {
  try {
    parseHop3Toml(text);
  } catch (error) {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, "HOP3_TOML_INVALID");
    return error.message;
  }
  assert.fail("expected hop3.toml to be refused");
}

const withId = (rest: string) => `[metadata]\nid = "app"\n${rest}`;

// smol-toml builds tables without a prototype, hence the spreads before deepEqual.
test("parses a Django-style hop3.toml as described in the format", () => {
  const config = parseHop3Toml(django);
  assert.equal(config.metadata?.id, "myapp");
  assert.equal(config.build?.toolchain, "python");
  assert.equal(config.run?.start, "gunicorn myapp.wsgi:application -b 0.0.0.0:$PORT");
  assert.deepEqual({ ...config.run?.workers }, { worker: "celery -A myapp worker -l info", beat: "celery -A myapp beat -l info" });
  assert.deepEqual({ ...(config.env?.["SECRET_KEY"] as object) }, { generate: "hex", length: 64 });
  assert.deepEqual(config.addons?.map((addon) => addon.type), ["postgres", "redis"]);
  assert.deepEqual({ ...config.static }, { "/static": "staticfiles" });
});

test("accepts every section of the format", () => {
  const config = parseHop3Toml(withId(`
[build]
builder = "docker"
build = ["make"]
after-build = "make check"
test = "pytest"
pip-install = ["wheel"]
ignore = ["*.log"]
ignore-file = ".hop3ignore"
[run]
packages = ["libpq5"]
start-timeout = 60
healthcheck = "/up"
healthcheck-timeout = 10
[[provider]]
name = "mysql"
[[addons]]
type = "postgres"
[addons.backup]
method = "pg_dump"
schedule = "0 3 * * *"
[[volumes]]
name = "uploads"
target = "data/uploads"
[volumes.backup]
include = true
[limits]
memory = "768M"
cpu = 1.5
[port]
container = 8000
https = true
[port.admin]
container = 9000
public = false
[docker]
port = 8080
[docker.build-args]
NODE_ENV = "production"
[test]
priority = "P1"
tier = "fast"
targets = ["docker"]
covers = ["static"]
[[test.validations]]
path = "/"
status = 200
contains = "Welcome"
`));
  assert.equal(config.limits?.memory, "768M");
  assert.equal(config.test?.validations?.[0]?.contains, "Welcome");
});

test("refuses an unknown key, suggesting the closest valid one", () => {
  assert.equal(tomlError(withId('[run]\nstrat = "x"')), 'hop3.toml: unknown key "run.strat"; did you mean "run.start"?');
  assert.equal(tomlError(withId('[buidl]\ntoolchain = "go"')), 'hop3.toml: unknown key "buidl"; did you mean "build"?');
  assert.equal(tomlError(withId('[build]\nbefore_build = "x"')), 'hop3.toml: unknown key "build.before_build"; did you mean "build.before-build"?');
});

test("lists the valid keys when an unknown key resembles none", () => {
  assert.match(tomlError(withId("[run]\ndatabase = 1")), /^hop3.toml: unknown key "run.database"; the keys of \[run\] are: start, before-run,/);
});

test("names the key and the expected type of a mistyped value", () => {
  assert.equal(tomlError(withId("[env]\nWORKERS = 4")), 'hop3.toml: "env.WORKERS" must be a string, got integer 4 (write it in quotes: "4")');
  assert.equal(tomlError(withId("[run]\nstart = [\"a\"]")), 'hop3.toml: "run.start" must be a string, got an array');
  assert.equal(tomlError(withId("[[addons]]\ntype = 5")), 'hop3.toml: "addons[0].type" must be a string, got integer 5 (write it in quotes: "5")');
  assert.equal(tomlError(withId('[limits]\nmemory = "lots"')), 'hop3.toml: "limits.memory" must be a size such as "768M" or "2G", got "lots"');
});

test("suggests the closest allowed value of a closed list", () => {
  assert.match(tomlError(withId('[build]\ntoolchain = "pyhton"')), /"build.toolchain" must be one of "python", .*got "pyhton"; did you mean "python"\?$/);
});

test("reports mistakes inside a generated-secret table", () => {
  assert.equal(tomlError(withId('[env]\nKEY = { generate = "hex", lenght = 64 }')), 'hop3.toml: unknown key "env.KEY.lenght"; did you mean "env.KEY.length"?');
});

test("reports a syntax error with its line and column", () => {
  assert.match(tomlError('[metadata]\nid = "app"\n[run]\nstart = "unterminated\n'), /^hop3.toml line 4, column \d+: /);
  assert.match(tomlError('[metadata]\nid = "app"\nid = "again"\n'), /^hop3.toml line 3, column 1: /);
});

test("metadata is optional (the app's name then comes from the CLI or the remote); an id given is validated as the format describes", () => {
  assert.equal(parseHop3Toml('[build]\nbefore-build = "make"').metadata, undefined);
  assert.equal(parseHop3Toml('[metadata]\ntitle = "No id"').metadata?.id, undefined);
  assert.match(tomlError('[metadata]\nid = "My_App"'), /^hop3.toml: "metadata.id" must be 2 to 64 lowercase letters, digits and hyphens, starting with a letter, got "My_App"$/);
  assert.match(tomlError('[metadata]\nid = "a"'), /"metadata.id" must be/);
  assert.equal(parseHop3Toml('[metadata]\nid = "a1-b"').metadata?.id, "a1-b");
});

test("refuses PORT, HOP3_ names and invalid names in [env]", () => {
  assert.equal(tomlError(withId('[env]\nPORT = "80"')), "hop3.toml: in [env], PORT is assigned by Hop3 to each process and may not be set");
  assert.match(tomlError(withId('[env]\nHOP3_X = "1"')), /in \[env\], HOP3_X may not be set/);
  assert.match(tomlError(withId('[env]\n"my-var" = "1"')), /in \[env\], "my-var" is not a valid variable name/);
});

test("refuses bad process type names and static keys that are not URL paths", () => {
  assert.match(tomlError(withId('[run.workers]\n"my worker" = "x"')), /in \[run.workers\], "my worker" is not a valid process type name/);
  assert.match(tomlError(withId('[run.workers]\nWeb = "x"\nweb = "y"')), /"Web" and "web" name the same process type/);
  assert.match(tomlError(withId('[static]\nstatic = "public"')), /in \[static\], "static" is not a URL path/);
});

test("reports the first five problems and counts the rest", () => {
  const message = tomlError(withId("a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\ng = 7"));
  const lines = message.split("\n");
  assert.equal(lines.length, 6);
  assert.equal(lines[5], "hop3.toml: … and 2 more problems");
});

test("accepts durations as seconds or as strings with a unit", () => {
  const config = parseHop3Toml(withId('[run]\nstart-timeout = "1m"\nhealthcheck-timeout = 2.5\n[healthcheck]\ninterval = "500ms"\ntimeout = "5s"\ncontains = "ok"'));
  assert.equal(config.run?.["start-timeout"], "1m");
  assert.equal(config.healthcheck?.interval, "500ms");
});

test("refuses a zero, negative or unitless duration, naming the key", () => {
  const expected = 'must be a positive number of seconds or a duration such as "5s", "500ms" or "1m"';
  assert.equal(tomlError(withId("[healthcheck]\ntimeout = 0")), `hop3.toml: "healthcheck.timeout" ${expected}, got integer 0`);
  assert.equal(tomlError(withId("[healthcheck]\ntimeout = -5")), `hop3.toml: "healthcheck.timeout" ${expected}, got integer -5`);
  assert.equal(tomlError(withId('[healthcheck]\ninterval = "0s"')), `hop3.toml: "healthcheck.interval" ${expected}, got "0s"`);
  assert.equal(tomlError(withId('[run]\nstart-timeout = "30 seconds"')), `hop3.toml: "run.start-timeout" ${expected}, got "30 seconds"`);
  assert.equal(tomlError(withId("[run]\nhealthcheck-timeout = true")), `hop3.toml: "run.healthcheck-timeout" ${expected}, got boolean true`);
});

test("refuses a duration longer than a day", () => {
  assert.equal(tomlError(withId('[run]\nstart-timeout = "25h"')), 'hop3.toml: "run.start-timeout" must be at most a day (86400 seconds, "24h"), got "25h"');
  assert.equal(tomlError(withId("[healthcheck]\ninterval = 100000")), 'hop3.toml: "healthcheck.interval" must be at most a day (86400 seconds, "24h"), got 100000');
});

test("refuses a [build] timeout that is not a positive duration of at most a day, naming the key", () => {
  assert.match(tomlError(withId('[build]\ntimeout = "forever"')), /^hop3\.toml: "build\.timeout" must be a positive number of seconds/);
  assert.equal(tomlError(withId('[build]\ntimeout = "48h"')), 'hop3.toml: "build.timeout" must be at most a day (86400 seconds, "24h"), got "48h"');
});

test("refuses an invalid cron schedule or job name, naming the key", () => {
  assert.equal(
    tomlError(withId('[cron.report]\nschedule = "61 * * * *"\ncommand = "./report"')),
    'hop3.toml: "cron.report.schedule": invalid cron schedule "61 * * * *": minute 61 is out of range (minute is 0-59)',
  );
  assert.match(tomlError(withId('[cron."Nightly Job"]\nschedule = "@daily"\ncommand = "./x"')), /in \[cron\], "Nightly Job" is not a valid job name/);
  assert.match(tomlError(withId('[cron.x]\nschedule = "@daily"')), /cron\.x\.command/);
});

test("refuses a loader variable in [env], naming the file, the section and the variable", () => {
  assert.throws(
    () => parseHop3Toml(withId(`[env]\nGREETING = "hi"\nLD_LIBRARY_PATH = "./lib"\n`)),
    (error: Hop3Error) => error.code === "ENV_VAR_FORBIDDEN" && error.message.startsWith("hop3.toml [env]: LD_LIBRARY_PATH may not be set"),
  );
});

test("[[ports]] refuses privileged ports, Hop3's own ranges, a port declared twice and a source that is not a CIDR", () => {
  const problems = (text: string) => {
    try {
      parseHop3Toml(text);
    } catch (error) {
      return (error as Error).message;
    }
    return "";
  };
  assert.match(problems("[[ports]]\nnumber = 22"), /"ports\[0\]\.number" must be from 1024 to 65535, got 22/);
  assert.match(problems("[[ports]]\nnumber = 30001"), /"ports\[0\]\.number" must be outside 20000-32767, the ports Hop3 gives instances/);
  assert.match(problems("[[ports]]\nnumber = 1883\n[[ports]]\nnumber = 1883"), /\[\[ports\]\] declares 1883\/tcp twice/);
  assert.match(problems('[[ports]]\nnumber = 1883\nsource = "everyone"'), /"ports\[0\]\.source" must be "any" or an IPv4 CIDR/);
  assert.equal(problems('[[ports]]\nnumber = 1883\nprotocol = "udp"\nsource = "192.168.0.0/16"\n[[ports]]\nnumber = 1883'), "");
});

test("[alerts] log-pattern: a regular expression the linear engine runs; one needing back-references is refused", () => {
  assert.equal(parseHop3Toml('[alerts]\nlog-pattern = "FATAL|OutOfMemoryError"\n').alerts?.["log-pattern"], "FATAL|OutOfMemoryError");
  assert.throws(() => parseHop3Toml('[alerts]\nlog-pattern = "(a)\\\\1"\n'), (error: Error) => /\[alerts\] log-pattern "\(a\)\\\\1": it needs back-references/.test(error.message));
  assert.throws(() => parseHop3Toml('[alerts]\nlog-patern = "x"\n'), /log-patern/);
});
