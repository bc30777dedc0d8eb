import { Kind } from "@sinclair/typebox";
import type { TSchema } from "@sinclair/typebox";
import { Value, ValueErrorType } from "@sinclair/typebox/value";
import type { ValueError } from "@sinclair/typebox/value";
import { closestMatch } from "./closest-match.ts";
import { shown } from "./shown.ts";

/** The words messages use for one configuration language. */
export interface Dialect {
  /** What a map of keys is called: "a table" in TOML, "an object" in JSON. */
  readonly map: string;
  /** How a number found in the file is shown: TOML tells integers from floats, JSON does not. */
  readonly number: (value: number) => string;
  /** `path` extended by `key`: `run.workers.web`; a key that is not a bare word is `env.'a b'` in TOML, `env["a b"]` in JSON. */
  readonly appendKey: (path: string, key: string) => string;
  /** How a message names the map at `path`: `[run]` in TOML, `"scripts"` in JSON. */
  readonly section: (path: string) => string;
}

const bareKey = /^[A-Za-z0-9_-]+$/;
const dotted = (path: string, key: string) => (path === "" ? key : `${path}.${key}`);

export const tomlDialect: Dialect = {
  map: "a table",
  number: (value) => `${Number.isInteger(value) ? "integer" : "float"} ${value}`,
  appendKey: (path, key) => dotted(path, bareKey.test(key) ? key : `'${key}'`),
  section: (path) => `[${path}]`,
};

export const jsonDialect: Dialect = {
  map: "an object",
  number: (value) => `number ${value}`,
  appendKey: (path, key) => (bareKey.test(key) ? dotted(path, key) : `${path}[${JSON.stringify(key)}]`),
  section: (path) => `"${path}"`,
};

/**
 * Turns TypeBox validation errors into sentences a user can act on: each names the full key
 * path as written in the file (`run.workers.web`, `addons[0].type`), says what was expected and
 * what was found, and suggests the closest valid key for an unknown one.
 */
export function schemaProblems(schema: TSchema, value: unknown, dialect: Dialect = tomlDialect): string[] {
  const problems = new Map<string, string>();
  for (const error of Value.Errors(schema, value)) {
    for (const [path, problem] of explain(error, value, "", dialect)) {
      // One problem per key: TypeBox may report a missing key both as missing and as mistyped.
      if (!problems.has(path)) problems.set(path, problem);
    }
  }
  return [...problems.values()];
}

/** `[path, sentence]` pairs for one error; `prefix` is the pointer of a union being re-checked. */
function explain(error: ValueError, root: unknown, prefix: string, dialect: Dialect): [string, string][] {
  const pointer = prefix + error.path;
  const path = keyPath(root, pointer, dialect);
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return [[pointer, `missing required key "${keyPath(root, pointer + firstRequiredLeaf(error.schema), dialect)}"`]];
    case ValueErrorType.ObjectAdditionalProperties:
      return [[pointer, unknownKey(root, pointer, error.schema, dialect)]];
    case ValueErrorType.Union:
      return explainUnion(error, root, pointer, dialect);
    default:
      return [[pointer, `"${path}" must be ${expected(error.schema, dialect)}, got ${describe(error.value, dialect)}${quoteHint(error)}`]];
  }
}

function explainUnion(error: ValueError, root: unknown, pointer: string, dialect: Dialect): [string, string][] {
  const variants = (error.schema["anyOf"] ?? []) as TSchema[];
  const path = keyPath(root, pointer, dialect);
  if (variants.length > 0 && variants.every((variant) => variant[Kind] === "Literal")) {
    const allowed = variants.map((variant) => variant["const"] as unknown);
    const guess = typeof error.value === "string" ? closestMatch(error.value, allowed.map(String)) : undefined;
    const hint = guess === undefined ? "" : `; did you mean "${guess}"?`;
    const list = allowed.map((item) => JSON.stringify(item)).join(", ");
    return [[pointer, `"${path}" must be one of ${list}, got ${describe(error.value, dialect)}${hint}`]];
  }
  // A value of the right shape for one variant gets that variant's detailed errors, so a
  // mistake inside `{ generate = "hex", lenght = 64 }` is reported as such. Among tables, the
  // variant whose keys the value's keys are (or nearly are) explains it: `{ kye = "hostname" }`
  // is a reference with a typo, not a generated secret.
  const shaped = variants.filter((candidate) => kindOfSchema(candidate) === kindOfValue(error.value));
  const variant = shaped.length > 1 ? [...shaped].sort((a, b) => keyAffinity(b, error.value) - keyAffinity(a, error.value))[0] : shaped[0];
  if (variant === undefined) {
    return [[pointer, `"${path}" must be ${expected(error.schema, dialect)}, got ${describe(error.value, dialect)}${quoteHint(error)}`]];
  }
  return [...Value.Errors(variant, error.value)].flatMap((inner) => explain(inner, root, pointer, dialect));
}

/** How well a value's keys fit a table schema: two points per key it has, one per near miss. */
function keyAffinity(schema: TSchema, value: unknown): number {
  if (schema[Kind] !== "Object" || typeof value !== "object" || value === null) return 0;
  const properties = Object.keys((schema["properties"] ?? {}) as Record<string, TSchema>);
  return Object.keys(value).reduce((score, key) => score + (properties.includes(key) ? 2 : closestMatch(key, properties) === undefined ? 0 : 1), 0);
}

function unknownKey(root: unknown, pointer: string, parent: TSchema, dialect: Dialect): string {
  const slash = pointer.lastIndexOf("/");
  const key = pointer.slice(slash + 1).replaceAll("~1", "/").replaceAll("~0", "~");
  const section = keyPath(root, pointer.slice(0, slash), dialect);
  const path = keyPath(root, pointer, dialect);
  const known = Object.keys((parent["properties"] ?? {}) as object);
  const guess = closestMatch(key, known);
  // Schema keys are all bare words, so they join the section path as they are.
  if (guess !== undefined) return `unknown key "${path}"; did you mean "${section === "" ? guess : `${section}.${guess}`}"?`;
  const where = section === "" ? "the valid top-level keys are" : `the keys of ${dialect.section(section)} are`;
  return `unknown key "${path}"; ${where}: ${known.join(", ")}`;
}

/** The pointer suffix leading to the first required key inside a missing table. */
function firstRequiredLeaf(schema: TSchema): string {
  const required = schema["required"] as string[] | undefined;
  const first = required?.[0];
  if (schema[Kind] !== "Object" || first === undefined) return "";
  const properties = (schema["properties"] ?? {}) as Record<string, TSchema>;
  const child = properties[first];
  return `/${first}${child === undefined ? "" : firstRequiredLeaf(child)}`;
}

/** How a message describes a valid value of `schema`. */
function expected(schema: TSchema, dialect: Dialect): string {
  if (typeof schema["expected"] === "string") return schema["expected"];
  switch (schema[Kind]) {
    case "String":
      return "a string";
    case "Integer":
      return "an integer";
    case "Number":
      return "a number";
    case "Boolean":
      return "true or false";
    case "Literal":
      return JSON.stringify(schema["const"]);
    case "Array": {
      const items = schema["items"] as TSchema | undefined;
      return items?.[Kind] === "String" ? "an array of strings" : "an array";
    }
    case "Union":
      return ((schema["anyOf"] ?? []) as TSchema[]).map((variant) => expected(variant, dialect)).join(" or ");
    default:
      return dialect.map;
  }
}

/** How a message shows a value found in the file: its type, and the value when short. */
function describe(value: unknown, dialect: Dialect): string {
  if (typeof value === "string") return shown(value);
  if (typeof value === "number") return dialect.number(value);
  if (typeof value === "boolean") return `boolean ${value}`;
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  return dialect.map;
}

function quoteHint(error: ValueError): string {
  const variants = (error.schema["anyOf"] ?? []) as TSchema[];
  // Quoting helps only where a string is wanted and a number is not (a duration takes both).
  const wantsString = kindOfSchema(error.schema) === "string" ||
    (variants.some((variant) => variant[Kind] === "String") && !variants.some((variant) => kindOfSchema(variant) === "number"));
  const scalar = typeof error.value === "number" || typeof error.value === "boolean";
  return wantsString && scalar ? ` (write it in quotes: "${String(error.value)}")` : "";
}

function kindOfSchema(schema: TSchema): string {
  switch (schema[Kind]) {
    case "String":
      return "string";
    case "Integer":
    case "Number":
      return "number";
    case "Boolean":
      return "boolean";
    case "Array":
      return "array";
    case "Literal":
      return typeof schema["const"];
    default:
      return "table";
  }
}

function kindOfValue(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  return typeof value === "object" && value !== null ? "table" : typeof value;
}

/** A JSON pointer into `root` written as a key path: `run.workers.web`, `addons[0].type`. */
export function keyPath(root: unknown, pointer: string, dialect: Dialect = tomlDialect): string {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  let path = "";
  let node = root;
  for (const segment of segments) {
    path = Array.isArray(node) ? `${path}[${segment}]` : dialect.appendKey(path, segment);
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}
