import { test } from "node:test";
import { createHmac } from "node:crypto";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { parseSmtpUrl, sendMail } from "./smtp-client.ts";
import { signWebhook } from "./webhook-channel.ts";

/** A scripted SMTP server: answers each command with the next reply, keeps what it was sent. */
async function fakeSmtp(ehlo: string): Promise<{ port: number; lines: string[]; close: () => void }> {
  const lines: string[] = [];
  const server = createServer((socket) => {
    socket.write("220 fake\r\n");
    let buffer = "";
    let data = false;
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      let end;
      while ((end = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        lines.push(line);
        if (data) {
          if (line === ".") {
            data = false;
            socket.write("250 queued\r\n");
          }
        } else if (line.startsWith("EHLO")) socket.write(ehlo);
        else if (line === "DATA") {
          data = true;
          socket.write("354 go\r\n");
        } else if (line === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, lines, close: () => server.close() };
}

test("sends a mail: multi-line EHLO reply, dot-stuffing, no header injection from the subject", async () => {
  const smtp = await fakeSmtp("250-fake\r\n250 8BITMIME\r\n");
  await sendMail(parseSmtpUrl(`smtp://127.0.0.1:${smtp.port}?from=hop3@example.org`, "x@y"), { to: "ops@example.org", subject: "a\r\nBcc: evil@example.org", text: ".hidden\nline" });
  smtp.close();
  assert.ok(smtp.lines.includes("MAIL FROM:<hop3@example.org>"));
  assert.ok(smtp.lines.includes("RCPT TO:<ops@example.org>"));
  assert.ok(smtp.lines.includes("Subject: a Bcc: evil@example.org"));
  assert.ok(!smtp.lines.includes("Bcc: evil@example.org"));
  assert.ok(smtp.lines.includes("..hidden"));
});

test("refuses to send in clear to a server off loopback that offers no STARTTLS, and credentials without TLS", async () => {
  const smtp = await fakeSmtp("250 fake\r\n");
  await assert.rejects(sendMail({ ...parseSmtpUrl(`smtp://u:p@127.0.0.1:${smtp.port}`, "a@b"), host: "127.0.0.1" }, { to: "o@example.org", subject: "s", text: "t" }), /credentials are only sent over TLS/);
  smtp.close();
  assert.equal(parseSmtpUrl("smtps://mail.example.org", "a@b").port, 465);
  assert.equal(parseSmtpUrl("smtp://mail.example.org", "a@b").port, 587);
  assert.throws(() => parseSmtpUrl("http://mail.example.org", "a@b"), /not smtp/);
});

test("webhook signature: HMAC-SHA256 of timestamp.body, the documented recipe", () => {
  const expected = createHmac("sha256", "key").update('1700000000.{"a":1}').digest("hex");
  assert.equal(signWebhook("key", "1700000000", '{"a":1}'), `sha256=${expected}`);
  assert.notEqual(signWebhook("key", "1700000001", '{"a":1}'), `sha256=${expected}`, "the timestamp is signed");
});
