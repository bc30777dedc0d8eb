import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { redisCommand } from "./resp-client.ts";

/** A fake Redis on a Unix socket: answers AUTH with `auth`, then the next command with `reply`, and records what it got. */
async function fakeRedis(auth: string, reply: string): Promise<{ socket: string; received: () => string; server: Server }> {
  const socket = join(mkdtempSync(join(tmpdir(), "hop3-resp-")), "r.sock");
  let received = "";
  const server = createServer((connection) => {
    let answered = 0;
    connection.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      // Both commands may come in one chunk: answer each `*` array once.
      const commands = (received.match(/^\*/gm) ?? []).length;
      while (answered < commands) connection.write(answered++ === 0 ? auth : reply);
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { socket, received: () => received, server };
}

test("authenticates, sends the command as RESP bulk strings and returns the reply", async () => {
  const fake = await fakeRedis("+OK\r\n", "*2\r\n$5\r\nhello\r\n:42\r\n");
  try {
    assert.deepEqual(await redisCommand(fake.socket, ["hop3", "pw"], ["ACL", "SETUSER", "a b", "#hash"]), ["hello", 42]);
    assert.equal(fake.received(), "*3\r\n$4\r\nAUTH\r\n$4\r\nhop3\r\n$2\r\npw\r\n*4\r\n$3\r\nACL\r\n$7\r\nSETUSER\r\n$3\r\na b\r\n$5\r\n#hash\r\n");
  } finally {
    fake.server.close();
  }
});

test("an error reply to AUTH or to the command rejects with Redis's message", async () => {
  const refused = await fakeRedis("-WRONGPASS invalid username-password pair\r\n", "+OK\r\n");
  try {
    await assert.rejects(redisCommand(refused.socket, ["hop3", "bad"], ["PING"]), /WRONGPASS/);
  } finally {
    refused.server.close();
  }
  const failing = await fakeRedis("+OK\r\n", "-ERR unknown command\r\n");
  try {
    await assert.rejects(redisCommand(failing.socket, ["hop3", "pw"], ["NOPE"]), /ERR unknown command/);
  } finally {
    failing.server.close();
  }
});
