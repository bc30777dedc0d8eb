import { pino, type Logger } from "pino";

/** The server's log: JSON lines on stdout, made before the services so they can report through it; the API logs requests to it too. */
export function serverLogger(level: string): Logger {
  return pino({ level, redact: ["req.headers.authorization"] });
}
