import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseProcfile } from "./procfile.ts";

function procfileError(text: string, fileName?: string): Hop3Error {
  try {
    parseProcfile(text, fileName);
  } catch (error) {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, "PROCFILE_INVALID");
    return error;
  }
  assert.fail("expected the Procfile to be refused");
}

test("reads type: command lines in order, skipping comments and blank lines", () => {
  const procfile = parseProcfile("# processes\n\nweb: gunicorn app:app -b 0.0.0.0:$PORT\n  # indented comment\nworker:   celery -A app worker  \n");
  assert.deepEqual(procfile.entries, [
    { type: "web", command: "gunicorn app:app -b 0.0.0.0:$PORT", line: 3 },
    { type: "worker", command: "celery -A app worker", line: 5 },
  ]);
  assert.deepEqual(procfile.cron, []);
  assert.equal(procfile.fileName, "Procfile");
});

test("accepts CRLF line endings and a byte order mark, keeping line numbers", () => {
  const procfile = parseProcfile("\uFEFFweb: ./server\r\n\r\nworker: ./worker\r\n");
  assert.deepEqual(procfile.entries, [
    { type: "web", command: "./server", line: 1 },
    { type: "worker", command: "./worker", line: 3 },
  ]);
});

test("stores process types in lowercase and keeps colons inside the command", () => {
  const procfile = parseProcfile("Web: gunicorn app:app\nwsgi_2: a:b");
  assert.deepEqual(procfile.entries.map((entry) => [entry.type, entry.command]), [["web", "gunicorn app:app"], ["wsgi_2", "a:b"]]);
});

test("refuses a process type defined twice, naming both lines", () => {
  const error = procfileError("web: a\n# comment\nworker: b\n\nWEB: c\n");
  assert.equal(error.message, 'Procfile line 5: process type "web" is already defined on line 1');
});

test("refuses a line without a colon, naming the file and line", () => {
  const error = procfileError("web: a\npython worker.py\n", "Procfile.dev");
  assert.equal(error.message, 'Procfile.dev line 2: expected "type: command", got "python worker.py"');
});

test("refuses an empty command", () => {
  assert.equal(procfileError("web:   \n").message, 'Procfile line 1: process type "web" has no command');
});

test("refuses a bad process type name", () => {
  assert.match(procfileError("web: a\nmy worker: b").message, /^Procfile line 2: "my worker" is not a valid process type name/);
  assert.match(procfileError("-web: a").message, /^Procfile line 1: "-web" is not a valid process type name/);
  assert.match(procfileError(": a").message, /^Procfile line 1: missing process type/);
});

test("keeps repeated cron lines as separate jobs with their schedules", () => {
  const procfile = parseProcfile("web: a\ncron: */5 * * * * ./job.sh --all\ncron: 0 3 * * 1   python  nightly.py\n");
  assert.deepEqual(procfile.cron, [
    { schedule: "*/5 * * * *", command: "./job.sh --all", line: 2 },
    { schedule: "0 3 * * 1", command: "python  nightly.py", line: 3 },
  ]);
  assert.deepEqual(procfile.entries.map((entry) => entry.type), ["web"]);
});

test("reads a cron schedule given as a nickname such as @daily", () => {
  const procfile = parseProcfile("cron: @daily ./nightly.sh --all\ncron: @hourly  ./hourly\n");
  assert.deepEqual(procfile.cron, [
    { schedule: "@daily", command: "./nightly.sh --all", line: 1 },
    { schedule: "@hourly", command: "./hourly", line: 2 },
  ]);
});

test("refuses a cron line without a schedule and a command", () => {
  assert.match(procfileError("cron: */5 * * ./job.sh").message, /^Procfile line 1: a cron line needs a schedule \(five fields or a nickname such as @daily\) and a command/);
  assert.match(procfileError("cron: @daily").message, /^Procfile line 1: a cron line needs a schedule/);
});

test("refuses an invalid cron schedule, naming the file, the line and the schedule", () => {
  const error = procfileError("web: a\n\n# jobs\ncron: 61 * * * * ./job.sh\n");
  assert.equal(error.message, 'Procfile line 4: invalid cron schedule "61 * * * *": minute 61 is out of range (minute is 0-59)');
  assert.match(procfileError("cron: @fortnightly ./job.sh").message, /^Procfile line 1: invalid cron schedule "@fortnightly": /);
  assert.equal(procfileError("cron: 0 0 31 2 * ./never").message, 'Procfile line 1: invalid cron schedule "0 0 31 2 *": it never matches a date');
});

test("gives a cron line's error the cron format as its hint, not the generic Procfile one", () => {
  assert.match(procfileError("cron: 0 0 1 13 * ./job.sh").hint, /cron: MINUTE HOUR DAY MONTH WEEKDAY command.*month 1-12/);
  assert.match(procfileError("web\n").hint, /Each Procfile line is `type: command`/);
});
