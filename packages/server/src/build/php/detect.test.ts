import assert from "node:assert/strict";
import { test } from "node:test";
import { appWith } from "../build-fixtures.ts";
import { detectPhp } from "./detect.ts";

void test("recognises an app by composer.json, index.php or public/index.php", async () => {
  assert.equal(await detectPhp(await appWith({ "composer.json": "{}" })), true);
  assert.equal(await detectPhp(await appWith({ "index.php": "<?php" })), true);
  assert.equal(await detectPhp(await appWith({ "public/index.php": "<?php" })), true);
});

void test("does not recognise an app with PHP files elsewhere only", async () => {
  assert.equal(await detectPhp(await appWith({ "src/app.php": "<?php" })), false);
});
