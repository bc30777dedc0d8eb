import assert from "node:assert/strict";
import { test } from "node:test";
import { formatByteSize, parseByteSize } from "./byte-size.ts";

test("sizes read as users write them, in binary units", () => {
  assert.equal(parseByteSize("768M"), 768 * 1024 ** 2);
  assert.equal(parseByteSize("2G"), 2 * 1024 ** 3);
  assert.equal(parseByteSize("1.5g"), 1.5 * 1024 ** 3);
  assert.equal(parseByteSize("512MiB"), 512 * 1024 ** 2);
  assert.equal(parseByteSize("64kb"), 64 * 1024);
  assert.equal(parseByteSize("1048576"), 1048576);
});

test("what is not a size is refused", () => {
  for (const text of ["", "M", "12X", "-5M", "0", "1,5G", "two gigs"]) assert.equal(parseByteSize(text), null, text);
});

test("sizes are shown in the largest whole unit", () => {
  assert.equal(formatByteSize(256 * 1024 ** 2), "256 MiB");
  assert.equal(formatByteSize(1.5 * 1024 ** 3), "1.5 GiB");
  assert.equal(formatByteSize(100), "100 bytes");
});
