import assert from "node:assert/strict";
import { test } from "node:test";
import { Kind, type TSchema } from "@sinclair/typebox";
import { stringify } from "smol-toml";
import { Hop3Error } from "@hop3/contract";
import { parseHop3Toml } from "./hop3-toml.ts";
import { hop3TomlSchema } from "./hop3-toml-schema.ts";

/** A path into a hop3.toml document: keys, and 0 for the first element of an array of tables. */
type Segment = string | 0;

/** Every key of every closed table of the schema, with the path of the table holding it. */
function closedKeys(schema: TSchema, path: Segment[] = [], found: { path: Segment[]; key: string }[] = []): { path: Segment[]; key: string }[] {
  switch (schema[Kind]) {
    case "Object": {
      const properties = (schema["properties"] ?? {}) as Record<string, TSchema>;
      const extra = schema["additionalProperties"] as TSchema | boolean | undefined;
      for (const [key, child] of Object.entries(properties)) {
        if (extra === false) found.push({ path, key });
        closedKeys(child, [...path, key], found);
      }
      // Free names ([env] variables, named [port.<name>] tables): a typo there is a new name.
      if (typeof extra === "object") closedKeys(extra, [...path, "NAME"], found);
      return found;
    }
    case "Record":
      for (const child of Object.values((schema["patternProperties"] ?? {}) as Record<string, TSchema>)) closedKeys(child, [...path, "name"], found);
      return found;
    case "Array":
      return closedKeys(schema["items"] as TSchema, [...path, 0], found);
    case "Union":
      for (const variant of (schema["anyOf"] ?? []) as TSchema[]) closedKeys(variant, path, found);
      return found;
    default:
      return found;
  }
}

/** The key with two neighbouring letters swapped, the commonest slip ("nubmer"). */
function typo(key: string): string {
  for (let i = Math.min(1, key.length - 2); i < key.length - 1; i++) {
    const swapped = key.slice(0, i) + key.charAt(i + 1) + key.charAt(i) + key.slice(i + 2);
    if (swapped !== key) return swapped;
  }
  return `${key}x`;
}

/** A document holding `key` (misspelt) at `path`. */
function documentWith(path: readonly Segment[], key: string): Record<string, unknown> {
  let node: Record<string, unknown> = { [key]: "x" };
  for (const segment of [...path].reverse()) node = segment === 0 ? { list: [node] } : { [segment]: node };
  // Arrays are wrapped above as { list: [...] }: unwrap them into their parent's key.
  const unwrap = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const entries = Object.entries(value).map(([name, child]) => {
      const inner = unwrap(child);
      const list = typeof inner === "object" && inner !== null && !Array.isArray(inner) && Object.keys(inner).length === 1 ? (inner as { list?: unknown }).list : undefined;
      return [name, Array.isArray(list) ? list : inner];
    });
    return Object.fromEntries(entries);
  };
  return unwrap(node) as Record<string, unknown>;
}

function shownPath(path: readonly Segment[], key: string): string {
  return [...path, key].map((segment, index) => (segment === 0 ? "[0]" : index === 0 ? segment : `.${segment}`)).join("").replace(/\.\[/g, "[").replace(/\]\./g, "].").replace(/^\./, "");
}

test("a typo in any key of hop3.toml names the key and suggests the right one", () => {
  const keys = closedKeys(hop3TomlSchema);
  assert.ok(keys.length > 100, `the walk found only ${keys.length} keys`);
  const failures: string[] = [];
  for (const { path, key } of keys) {
    const wrong = typo(key);
    const expected = `hop3.toml: unknown key "${shownPath(path, wrong)}"; did you mean "${shownPath(path, key)}"?`;
    try {
      parseHop3Toml(stringify(documentWith(path, wrong)));
      failures.push(`${expected} — accepted`);
    } catch (error) {
      assert.ok(error instanceof Hop3Error, String(error));
      if (!error.message.split("\n").includes(expected)) failures.push(`${expected} — got: ${error.message}`);
    }
  }
  assert.deepEqual(failures, []);
});
