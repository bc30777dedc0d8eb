import { sessionCookieName } from "@hop3/contract";

/** The session cookie's value in a Cookie header, or null. */
export function sessionCookieOf(header: string | undefined): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === sessionCookieName) return value.join("=");
  }
  return null;
}
