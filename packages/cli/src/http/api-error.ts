import { Hop3Error, isErrorCode } from "@hop3/contract";

/** Turns an error body sent by the server (response or failed deploy event) into a Hop3Error. */
export function errorFromBody(body: { code: string; message: string; hint?: string | undefined }): Hop3Error {
  // A newer server may send a code this CLI does not know; its message and hint still apply.
  const code = isErrorCode(body.code) ? body.code : "INTERNAL";
  return new Hop3Error(code, body.message, { hint: body.hint });
}

/** Turns an error response (status + raw body) into a Hop3Error, even when the body is not ours. */
export function errorFromResponse(options: { status: number; statusText: string; body: string; request: string; server: string }): Hop3Error {
  const body = parseErrorBody(options.body);
  if (body) return errorFromBody(body);
  return new Hop3Error("SERVER_UNREACHABLE", `${options.server} answered ${options.status} ${options.statusText} to ${options.request}, without a Hop3 error.`, {
    hint: "Check that HOP3_URL points at a Hop3 server, not at another web server or proxy.",
  });
}

function parseErrorBody(text: string): { code: string; message: string; hint: string | undefined } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || !("error" in value)) return undefined;
    const error: unknown = value.error;
    if (typeof error !== "object" || error === null) return undefined;
    const { code, message, hint } = error as Record<string, unknown>;
    if (typeof code !== "string" || typeof message !== "string") return undefined;
    return { code, message, hint: typeof hint === "string" ? hint : undefined };
  } catch {
    return undefined;
  }
}
