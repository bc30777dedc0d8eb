import assert from "node:assert/strict";
import { test } from "node:test";
import { Hop3Error } from "@hop3/contract";
import { parseEnvFile } from "./env-file.ts";

const values = (text: string) => Object.fromEntries(parseEnvFile(text, ".env").entries.map((entry) => [entry.key, entry.value]));

function envError(text: string, fileName = "ENV"): string {
  try {
    parseEnvFile(text, fileName);
  } catch (error) {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, "ENV_FILE_INVALID");
    return error.message;
  }
  assert.fail("expected the file to be refused");
}

test("reads KEY=value lines with their line numbers, skipping comments and blank lines", () => {
  const file = parseEnvFile("# settings\n\nDEBUG=false\n  # note\nWORKERS=4\n", "ENV");
  assert.deepEqual(file.entries, [
    { key: "DEBUG", value: "false", line: 3 },
    { key: "WORKERS", value: "4", line: 5 },
  ]);
});

test("accepts CRLF endings, an export prefix and spaces around the equals sign", () => {
  assert.deepEqual(values("export A=1\r\nB = two words \r\n  C=\r\n"), { A: "1", B: "two words", C: "" });
});

test("reads single-quoted values literally and double-quoted values with escapes", () => {
  assert.deepEqual(values(`S='a \\n "b" # c'\nD="line1\\nline2\\t\\"q\\" \\\\ \\x"\nE="x" # comment\nF='' `), {
    S: 'a \\n "b" # c',
    D: 'line1\nline2\t"q" \\ \\x',
    E: "x",
    F: "",
  });
});

test("ends an unquoted value at a comment preceded by whitespace only", () => {
  assert.deepEqual(values("URL=https://x.test/#top # the site\nPASS=a#b"), { URL: "https://x.test/#top", PASS: "a#b" });
});

test("refuses a line without an equals sign, naming the file and line", () => {
  assert.equal(envError("A=1\nexport B\n"), "ENV line 2: expected KEY=value");
});

test("refuses invalid variable names", () => {
  assert.match(envError("A=1\n\n1ABC=x", ".env"), /^\.env line 3: "1ABC" is not a valid variable name/);
  assert.match(envError("MY-VAR=x"), /^ENV line 1: "MY-VAR" is not a valid variable name/);
  assert.equal(envError("=x"), 'ENV line 1: missing variable name before "="');
});

test("refuses PORT, which Hop3 assigns", () => {
  assert.equal(envError("DEBUG=1\nPORT=8000\n"), "ENV line 2: PORT is assigned by Hop3 to each process and may not be set");
});

test("refuses variables in Hop3's reserved HOP3_ namespace", () => {
  assert.match(envError("HOP3_HOME=/tmp"), /^ENV line 1: HOP3_HOME may not be set: names starting with HOP3_ are reserved/);
});

test("refuses a variable set twice, naming both lines", () => {
  assert.equal(envError("A=1\nB=2\nA=3"), "ENV line 3: A is already set on line 1");
});

test("refuses unterminated quotes and text after a closing quote without echoing the value", () => {
  const unterminated = envError('SECRET="hunter2');
  assert.match(unterminated, /^ENV line 1: the double-quoted value of SECRET has no closing quote/);
  assert.doesNotMatch(unterminated, /hunter2/);
  assert.equal(envError("SECRET='hunter2' trailing"), "ENV line 1: unexpected text after the closing quote of SECRET's value");
});

test("refuses a loader variable, naming the file, the line and the variable but not its value", () => {
  for (const fileName of [".env", "ENV"]) {
    assert.throws(
      () => parseEnvFile("A=1\nexport LD_PRELOAD=./evil.so\n", fileName),
      (error: Hop3Error) => error.code === "ENV_VAR_FORBIDDEN" && error.message.startsWith(`${fileName} line 2: LD_PRELOAD may not be set`) && !error.message.includes("evil"),
    );
  }
  assert.throws(() => parseEnvFile("GCONV_PATH=.\n", ".env"), (error: Hop3Error) => error.code === "ENV_VAR_FORBIDDEN" && /line 1: GCONV_PATH/.test(error.message));
});
