import { test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { parseSshPublicKey } from "./ssh-public-key.ts";

// Made with ssh-keygen; the fingerprints are what `ssh-keygen -l -f` printed for them.
const ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD+Y9rfaIlk03YaHnRCWm dev@laptop";
const rsa2048 =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDPgWIyAXqIGQl8rR0OJfbjdL+FiXQ7BOqGCNuP561/++iIKUG1cl1Q2V68JzDyfBDLalhU7W+ig3LadnYStenUQasfp6jfSVexeAlMtPM5ZqxSjSBwbECmo+XCkthaAlYJQljvhEkbF6OtYIMS7q4ip/+gcG2rk25oJj1Ajexea+5NgiRVNoUGeixmAzWoCbJnzIJlB+T6QX3ydkp+AiFd3FkDDoIB+wO4lVurKZhx5kcJcVYQZc0pTZpCEUFnDy0xxVBmfxUuMMEXsJ0t3J3N8WXw+y0DwSQAi2KgMg1xAyLnG1jT8MIlYCLDF1J5+XjucS9uAP7yWrGaadFNRPwr r";
const rsa1024 =
  "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDA5oAm+26TgKK358veS04eKjSbIimMmdIja3D1FtWss4CK0ipunxvc3/F2oMdleZK1mPZ+mXK3FrvoiMmhYv/Yaaj+HgY0TLZZLIN3VZvCHiKvLmmBOJ6t+JHGDU2yxS3MtkKWGm1F8zrEw7RsIKwUQ6OHKwq0kTGM+YIeypZfDQ== small";
const ecdsa384 =
  "ecdsa-sha2-nistp384 AAAAE2VjZHNhLXNoYTItbmlzdHAzODQAAAAIbmlzdHAzODQAAABhBMJ0uDDpv82/m9p58NpDgHT2/oplYCx5d87R1Ag4JDzZ1q4X3uOvpF9WGNYO9C2znX/A40I2LRdF3P54XYDejqyjmrFWmq6fxOoi2w0WXZ9P2f0K0OEzBn1BMpBfyVX3ng==";

const refusedWith = (pattern: RegExp) => (error: unknown) => error instanceof Hop3Error && error.code === "SSH_KEY_INVALID" && pattern.test(error.message);

test("accepts ed25519, RSA and ECDSA keys with the fingerprint ssh-keygen prints", () => {
  assert.deepEqual(parseSshPublicKey(`${ed25519}\n`), {
    type: "ssh-ed25519",
    base64: "AAAAC3NzaC1lZDI1NTE5AAAAIMwVPRSafFLxfrAw3YkHFrmuD+Y9rfaIlk03YaHnRCWm",
    bits: 256,
    fingerprint: "SHA256:Jr3O2L3LlT5SwhoJngrQnHYqP7hpzTGI3oyTfqCus8I",
  });
  assert.equal(parseSshPublicKey(rsa2048).fingerprint, "SHA256:/hCN0I6sVWhzTvD47gx7HSD04S/KEungYT86WtY641I");
  assert.equal(parseSshPublicKey(rsa2048).bits, 2048);
  assert.equal(parseSshPublicKey(ecdsa384).fingerprint, "SHA256:ZkuIHxM+hwKv4lQQaMTxfzJlNyHi8WppW8N0muWUiYc");
});

test("refuses RSA keys under 2048 bits, private keys, several keys and options", () => {
  assert.throws(() => parseSshPublicKey(rsa1024), refusedWith(/1024 bits; at least 2048/));
  assert.throws(() => parseSshPublicKey("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n"), refusedWith(/private key/));
  assert.throws(() => parseSshPublicKey(`${ed25519}\n${rsa2048}\n`), refusedWith(/one public key, got 2 lines/));
  assert.throws(() => parseSshPublicKey(`command="sh" ${ed25519}`), refusedWith(/options are not accepted/));
  assert.throws(() => parseSshPublicKey("  \n"), refusedWith(/empty/));
});

test("refuses a key whose data does not match its type, is truncated, or is not base64", () => {
  const [, ed25519Base64] = ed25519.split(" ");
  assert.throws(() => parseSshPublicKey(`ssh-rsa ${ed25519Base64}`), refusedWith(/says it is ssh-rsa but its data is "ssh-ed25519"/));
  assert.throws(() => parseSshPublicKey(`ssh-ed25519 ${ed25519Base64?.slice(0, 40)}`), refusedWith(/truncated|not valid base64/));
  assert.throws(() => parseSshPublicKey("ssh-ed25519 not-base64!"), refusedWith(/not valid base64/));
  assert.throws(() => parseSshPublicKey("ssh-dss AAAAB3NzaC1kc3M="), refusedWith(/unsupported key type/));
  // A file that is not a key (read by mistake or on purpose) is not repeated in the error.
  assert.throws(() => parseSshPublicKey("root:$y$j9T$hash:19000:0:99999:7:::"), (error: Error) => refusedWith(/starts with something that is not a key type/)(error) && !error.message.includes("root"));
  const extra = Buffer.concat([Buffer.from(ed25519Base64 ?? "", "base64"), Buffer.from([0, 0, 0, 0])]).toString("base64");
  assert.throws(() => parseSshPublicKey(`ssh-ed25519 ${extra}`), refusedWith(/trailing data/));
});
