import { Kind } from "@sinclair/typebox";
import type { TSchema } from "@sinclair/typebox";
import { closestMatch } from "./closest-match.ts";
import { keyPath } from "./schema-problems.ts";
import type { Dialect } from "./schema-problems.ts";

/** A key found in a file that its (open) schema does not list. */
export interface UnknownKey {
  /** The key path as written in the file: `healthchecks.web[0].atempts`. */
  readonly path: string;
  /** The path with the closest key valid at that place instead, for a "did you mean" hint. */
  readonly suggestion: string | undefined;
}

/**
 * The keys of `value` that `schema` does not list, at every depth, for formats whose objects
 * are open (app.json): there an unknown key is a warning rather than an error. `value` must
 * already be valid against `schema`.
 */
export function unknownKeys(schema: TSchema, value: unknown, dialect: Dialect): UnknownKey[] {
  const found: UnknownKey[] = [];
  const visit = (node: TSchema, item: unknown, pointer: string): void => {
    if (typeof item !== "object" || item === null) return;
    const escape = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");
    switch (node[Kind]) {
      case "Object": {
        const properties = (node["properties"] ?? {}) as Record<string, TSchema>;
        for (const [key, child] of Object.entries(item)) {
          const childSchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
          const childPointer = `${pointer}/${escape(key)}`;
          if (childSchema === undefined) {
            const guess = closestMatch(key, Object.keys(properties));
            const suggestion = guess === undefined ? undefined : dialect.appendKey(keyPath(value, pointer, dialect), guess);
            found.push({ path: keyPath(value, childPointer, dialect), suggestion });
          } else {
            visit(childSchema, child, childPointer);
          }
        }
        return;
      }
      case "Record": {
        const [valueSchema] = Object.values((node["patternProperties"] ?? {}) as Record<string, TSchema>);
        if (valueSchema === undefined) return;
        for (const [key, child] of Object.entries(item)) visit(valueSchema, child, `${pointer}/${escape(key)}`);
        return;
      }
      case "Array": {
        const items = node["items"] as TSchema | undefined;
        if (items === undefined || !Array.isArray(item)) return;
        item.forEach((child, index) => visit(items, child, `${pointer}/${index}`));
        return;
      }
      case "Union":
        // The value is valid, so only variants of its shape can apply; objects are the only
        // variants with keys.
        for (const variant of (node["anyOf"] ?? []) as TSchema[]) {
          if (variant[Kind] === "Object" && !Array.isArray(item)) visit(variant, item, pointer);
        }
        return;
      default:
        return;
    }
  };
  visit(schema, value, "");
  return found;
}
