import { connect as netConnect, type Socket } from "node:net";
import type { ConnectionOptions, TLSSocket } from "node:tls";

/** node:tls on the first implicit or STARTTLS connection, not at start (docs/adr/0064-daemon-node-tuned-for-memory.md). */
function tlsConnect(options: ConnectionOptions): TLSSocket {
  return process.getBuiltinModule("node:tls").connect(options);
}

/** Where and how to send: parsed from a channel's `smtp://[user:password@]host[:port][?from=address]`. */
export interface SmtpServer {
  readonly host: string;
  readonly port: number;
  /** smtps:// — TLS from the first byte (port 465); else STARTTLS. */
  readonly implicitTls: boolean;
  readonly user: string | null;
  readonly password: string | null;
  readonly from: string;
}

export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

const loopback = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

/**
 * Sends one mail with a minimal SMTP client (RFC 5321 with STARTTLS, RFC 3207, and AUTH
 * PLAIN): EHLO, STARTTLS when offered (required, unless the server is on loopback), AUTH when
 * credentials are given (only over TLS), MAIL, RCPT, DATA. Certificates are verified.
 */
export async function sendMail(server: SmtpServer, mail: Mail, timeoutMs = 20_000): Promise<void> {
  let socket: Socket | TLSSocket = server.implicitTls ? tlsConnect({ host: server.host, port: server.port, servername: server.host }) : netConnect({ host: server.host, port: server.port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`the SMTP server ${server.host} did not answer within ${timeoutMs / 1000}s`)));
  let reader = new ReplyReader(socket);
  const command = async (line: string | null, expect: number): Promise<string> => {
    if (line !== null) socket.write(`${line}\r\n`);
    const reply = await reader.next();
    if (reply.code !== expect) throw new Error(`SMTP ${line === null ? "greeting" : line.split(" ")[0]}: ${reply.code} ${reply.text.trim()}`);
    return reply.text;
  };
  try {
    await command(null, 220);
    let features = await command("EHLO hop3", 250);
    let secure = server.implicitTls;
    if (!secure && /^STARTTLS$/im.test(features)) {
      await command("STARTTLS", 220);
      reader.detach();
      socket = tlsConnect({ socket, servername: server.host });
      reader = new ReplyReader(socket);
      features = await command("EHLO hop3", 250);
      secure = true;
    }
    if (!secure && !loopback.has(server.host)) throw new Error(`the SMTP server ${server.host} offers no STARTTLS: Hop3 sends mail only encrypted (except to a server on loopback)`);
    if (server.user !== null) {
      if (!secure) throw new Error("SMTP credentials are only sent over TLS");
      await command(`AUTH PLAIN ${Buffer.from(`\0${server.user}\0${server.password ?? ""}`).toString("base64")}`, 235);
    }
    await command(`MAIL FROM:<${server.from}>`, 250);
    await command(`RCPT TO:<${mail.to}>`, 250);
    await command("DATA", 354);
    await command(`${message(server.from, mail)}\r\n.`, 250);
    socket.write("QUIT\r\n");
  } finally {
    socket.end();
  }
}

/** Headers and body, CRLF line ends, lines starting with a dot doubled (RFC 5321 4.5.2). */
function message(from: string, mail: Mail): string {
  const oneLine = (text: string) => text.replace(/[\r\n]+/g, " ");
  const headers = [`From: ${oneLine(from)}`, `To: ${oneLine(mail.to)}`, `Subject: ${oneLine(mail.subject)}`, `Date: ${new Date().toUTCString()}`, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"];
  const body = mail.text.split(/\r?\n/).map((line) => (line.startsWith(".") ? `.${line}` : line));
  return [...headers, "", ...body].join("\r\n");
}

/** Parses `smtp://` / `smtps://` URLs; throws with the reason. */
export function parseSmtpUrl(url: string, defaultFrom: string): SmtpServer {
  const parsed = new URL(url);
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") throw new Error(`"${parsed.protocol}" is not smtp: or smtps:`);
  const implicitTls = parsed.protocol === "smtps:";
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port === "" ? (implicitTls ? 465 : 587) : Number(parsed.port),
    implicitTls,
    user: parsed.username === "" ? null : decodeURIComponent(parsed.username),
    password: parsed.password === "" ? null : decodeURIComponent(parsed.password),
    from: parsed.searchParams.get("from") ?? defaultFrom,
  };
}

/** Reads SMTP replies (multi-line `250-…` up to `250 …`) from a socket. */
class ReplyReader {
  readonly #socket: Socket;
  #buffer = "";
  #waiting: Array<{ resolve: (reply: { code: number; text: string }) => void; reject: (error: Error) => void }> = [];
  #failure: Error | null = null;
  readonly #onData = (chunk: Buffer) => {
    this.#buffer += chunk.toString("utf8");
    this.#drain();
  };
  readonly #onEnd = (error?: Error) => {
    this.#failure = error ?? new Error("the SMTP server closed the connection");
    for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#failure);
  };

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", this.#onData);
    socket.on("error", this.#onEnd);
    socket.on("close", () => this.#onEnd());
  }

  next(): Promise<{ code: number; text: string }> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#drain();
      if (this.#failure && this.#waiting.length > 0) this.#onEnd(this.#failure);
    });
  }

  /** Stops reading (the socket is handed to TLS). */
  detach(): void {
    this.#socket.off("data", this.#onData);
    this.#socket.removeAllListeners("error");
    this.#socket.removeAllListeners("close");
  }

  #drain(): void {
    while (this.#waiting.length > 0) {
      const lines = this.#buffer.split("\r\n");
      const last = lines.findIndex((line) => /^\d{3} /.test(line) || /^\d{3}$/.test(line));
      if (last < 0) return;
      const reply = lines.slice(0, last + 1);
      this.#buffer = lines.slice(last + 1).join("\r\n");
      this.#waiting.shift()?.resolve({ code: Number(reply[last]?.slice(0, 3)), text: reply.map((line) => line.slice(4)).join("\n") });
    }
  }
}
