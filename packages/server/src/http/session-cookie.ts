import { sessionCookieName } from "@hop3/contract";

/** The session cookie's value in a Cookie header, or null. */
export function sessionCookieOf(header: string | undefined): string | null {
  return cookieOf(header, sessionCookieName);
}

/** A cookie's value in a Cookie header, or null. */
export function cookieOf(header: string | undefined, cookie: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === cookie) return value.join("=");
  }
  return null;
}

/** The Set-Cookie header of the session cookie (empty with maxAge 0: signing out). */
export function sessionCookieHeader(value: string, maxAge: number): string {
  return `${sessionCookieName}=${value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAge}`;
}
