import { Kind } from "@sinclair/typebox";
import type { TSchema } from "@sinclair/typebox";
import { Value, ValueErrorType } from "@sinclair/typebox/value";
import type { ValueError } from "@sinclair/typebox/value";
import { closestMatch } from "./closest-match.ts";
import { shown } from "./shown.ts";

/**
 * Turns TypeBox validation errors into sentences a user can act on: each names the full key
 * path as written in TOML (`run.workers.web`, `addons[0].type`), says what was expected and
 * what was found, and suggests the closest valid key for an unknown one.
 */
export function schemaProblems(schema: TSchema, value: unknown): string[] {
  const problems = new Map<string, string>();
  for (const error of Value.Errors(schema, value)) {
    for (const [path, problem] of explain(error, value, "")) {
      // One problem per key: TypeBox may report a missing key both as missing and as mistyped.
      if (!problems.has(path)) problems.set(path, problem);
    }
  }
  return [...problems.values()];
}

/** `[path, sentence]` pairs for one error; `prefix` is the pointer of a union being re-checked. */
function explain(error: ValueError, root: unknown, prefix: string): [string, string][] {
  const pointer = prefix + error.path;
  const path = keyPath(root, pointer);
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return [[pointer, `missing required key "${keyPath(root, pointer + firstRequiredLeaf(error.schema))}"`]];
    case ValueErrorType.ObjectAdditionalProperties:
      return [[pointer, unknownKey(root, pointer, error.schema)]];
    case ValueErrorType.Union:
      return explainUnion(error, root, pointer);
    default:
      return [[pointer, `"${path}" must be ${expected(error.schema)}, got ${describe(error.value)}${quoteHint(error)}`]];
  }
}

function explainUnion(error: ValueError, root: unknown, pointer: string): [string, string][] {
  const variants = (error.schema["anyOf"] ?? []) as TSchema[];
  const path = keyPath(root, pointer);
  if (variants.length > 0 && variants.every((variant) => variant[Kind] === "Literal")) {
    const allowed = variants.map((variant) => variant["const"] as unknown);
    const guess = typeof error.value === "string" ? closestMatch(error.value, allowed.map(String)) : undefined;
    const hint = guess === undefined ? "" : `; did you mean "${guess}"?`;
    const list = allowed.map((item) => JSON.stringify(item)).join(", ");
    return [[pointer, `"${path}" must be one of ${list}, got ${describe(error.value)}${hint}`]];
  }
  // A value of the right shape for one variant gets that variant's detailed errors, so a
  // mistake inside `{ generate = "hex", lenght = 64 }` is reported as such.
  const variant = variants.find((candidate) => kindOfSchema(candidate) === kindOfValue(error.value));
  if (variant === undefined) {
    return [[pointer, `"${path}" must be ${expected(error.schema)}, got ${describe(error.value)}${quoteHint(error)}`]];
  }
  return [...Value.Errors(variant, error.value)].flatMap((inner) => explain(inner, root, pointer));
}

function unknownKey(root: unknown, pointer: string, parent: TSchema): string {
  const slash = pointer.lastIndexOf("/");
  const key = pointer.slice(slash + 1).replaceAll("~1", "/").replaceAll("~0", "~");
  const section = keyPath(root, pointer.slice(0, slash));
  const path = keyPath(root, pointer);
  const known = Object.keys((parent["properties"] ?? {}) as object);
  const guess = closestMatch(key, known);
  // Schema keys are all bare TOML keys, so they join the section path as they are.
  if (guess !== undefined) return `unknown key "${path}"; did you mean "${section === "" ? guess : `${section}.${guess}`}"?`;
  const where = section === "" ? "the valid top-level keys are" : `the keys of [${section}] are`;
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
function expected(schema: TSchema): string {
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
      return ((schema["anyOf"] ?? []) as TSchema[]).map(expected).join(" or ");
    default:
      return "a table";
  }
}

/** How a message shows a value found in the file: its TOML type, and the value when short. */
function describe(value: unknown): string {
  if (typeof value === "string") return shown(value);
  if (typeof value === "number") return `${Number.isInteger(value) ? "integer" : "float"} ${value}`;
  if (typeof value === "boolean") return `boolean ${value}`;
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  if (value === undefined) return "nothing";
  return "a table";
}

function quoteHint(error: ValueError): string {
  const wantsString = kindOfSchema(error.schema) === "string" ||
    ((error.schema["anyOf"] ?? []) as TSchema[]).some((variant) => variant[Kind] === "String");
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

/** A JSON pointer into `root` written as a TOML key path: `run.workers.web`, `addons[0].type`. */
function keyPath(root: unknown, pointer: string): string {
  const segments = pointer === "" ? [] : pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  let path = "";
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      path += `[${segment}]`;
    } else {
      const key = /^[A-Za-z0-9_-]+$/.test(segment) ? segment : `'${segment}'`;
      path += path === "" ? key : `.${key}`;
    }
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}
