import { randomBytes, randomInt, randomUUID } from "node:crypto";
import type { GeneratedSecretSpec } from "../core/generated-secret.ts";

const alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Letters, digits and punctuation that need no quoting in a shell, a URL's password or a .env file. */
const passwordAlphabet = `${alphanumeric}-_.~!*+=`;

/** A fresh value for a generated secret: `length` random characters of its alphabet after its prefix. */
export function generateSecret(spec: Pick<GeneratedSecretSpec, "generate" | "length" | "prefix">): string {
  const { generate, length, prefix } = spec;
  if (generate === "uuid") return prefix + randomUUID();
  if (generate === "hex") return prefix + randomBytes(Math.ceil(length / 2)).toString("hex").slice(0, length);
  if (generate === "base64") return prefix + randomBytes(length).toString("base64").slice(0, length);
  if (generate === "base64url" || generate === "urlsafe") return prefix + randomBytes(length).toString("base64url").slice(0, length);
  const alphabet = generate === "password" ? passwordAlphabet : alphanumeric;
  let value = "";
  for (let i = 0; i < length; i += 1) value += alphabet[randomInt(alphabet.length)];
  return prefix + value;
}
