import { createHash } from "node:crypto";
import { Hop3Error } from "@hop3/contract";

/** A validated OpenSSH public key. */
export interface SshPublicKey {
  readonly type: string;
  /** The key blob, base64 as in the `.pub` file. */
  readonly base64: string;
  readonly bits: number;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  readonly fingerprint: string;
}

const minRsaBits = 2048;
const curves: Record<string, { name: string; pointBytes: number; bits: number }> = {
  "ecdsa-sha2-nistp256": { name: "nistp256", pointBytes: 65, bits: 256 },
  "ecdsa-sha2-nistp384": { name: "nistp384", pointBytes: 97, bits: 384 },
  "ecdsa-sha2-nistp521": { name: "nistp521", pointBytes: 133, bits: 521 },
  "sk-ecdsa-sha2-nistp256@openssh.com": { name: "nistp256", pointBytes: 65, bits: 256 },
};
const supported = ["ssh-ed25519", "sk-ssh-ed25519@openssh.com", "ssh-rsa", ...Object.keys(curves)];

/**
 * Parses one line of an OpenSSH public key file (`TYPE BASE64 [COMMENT]`) and checks the
 * key blob itself: its embedded type matches, its fields have the right sizes, RSA keys
 * have at least 2048 bits. Anything else is SSH_KEY_INVALID with the reason.
 */
export function parseSshPublicKey(text: string): SshPublicKey {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== "" && !line.startsWith("#"));
  if (lines.length === 0) throw invalid("The key is empty.");
  if (lines.some((line) => line.includes("PRIVATE KEY"))) {
    throw invalid("This is a private key; never share it. Give the public key: the file ending in .pub.");
  }
  if (lines.length > 1) throw invalid(`Expected one public key, got ${lines.length} lines; add keys one at a time.`);
  const line = lines[0] ?? "";
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(line)) throw invalid("The key contains control characters.");
  const [type = "", base64 = ""] = line.split(/[ \t]+/);
  if (!supported.includes(type)) {
    const why = /^(no-|restrict|command=|from=|environment=|permit)/.test(type) ? "authorized_keys options are not accepted" : "unsupported key type";
    throw invalid(`The key starts with ${typeShown(type)}: ${why}. Supported types: ${supported.join(", ")}.`);
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) throw invalid("The key's base64 part is not valid base64.");
  const blob = Buffer.from(base64, "base64");
  const bits = checkBlob(type, new BlobReader(blob));
  const fingerprint = `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
  return { type, base64, bits, fingerprint };
}

function checkBlob(type: string, reader: BlobReader): number {
  const embedded = reader.string().toString("latin1");
  if (embedded !== type) throw invalid(`The key says it is ${type} but its data is ${typeShown(embedded)}.`);
  let bits: number;
  if (type === "ssh-ed25519" || type === "sk-ssh-ed25519@openssh.com") {
    if (reader.string().length !== 32) throw invalid("The ed25519 key does not hold 32 bytes.");
    bits = 256;
  } else if (type === "ssh-rsa") {
    const exponent = reader.mpint();
    const modulus = reader.mpint();
    if (exponent.length === 0 || modulus.length === 0) throw invalid("The RSA key has an empty exponent or modulus.");
    bits = bitLength(modulus);
    if (bits < minRsaBits) throw invalid(`The RSA key has ${bits} bits; at least ${minRsaBits} are required. Make a new key with \`ssh-keygen -t ed25519\`.`);
  } else {
    const curve = curves[type];
    if (!curve) throw invalid(`Unsupported key type ${type}.`);
    if (reader.string().toString("latin1") !== curve.name) throw invalid(`The ${type} key names another curve.`);
    const point = reader.string();
    if (point.length !== curve.pointBytes || point[0] !== 4) throw invalid(`The ${type} key's point is malformed.`);
    bits = curve.bits;
  }
  // Security keys (sk-) add the application they are bound to, e.g. "ssh:".
  if (type.startsWith("sk-")) reader.string();
  if (!reader.atEnd()) throw invalid("The key has trailing data.");
  return bits;
}

function bitLength(mpint: Buffer): number {
  let start = 0;
  while (start < mpint.length && mpint[start] === 0) start++;
  if (start === mpint.length) return 0;
  return (mpint.length - start - 1) * 8 + ((mpint[start] ?? 0).toString(2).length);
}

/** Reads the length-prefixed fields of an SSH wire-format blob (RFC 4251). */
class BlobReader {
  readonly #blob: Buffer;
  #at = 0;

  constructor(blob: Buffer) {
    this.#blob = blob;
  }

  string(): Buffer {
    if (this.#at + 4 > this.#blob.length) throw invalid("The key's data is truncated.");
    const length = this.#blob.readUInt32BE(this.#at);
    const end = this.#at + 4 + length;
    if (end > this.#blob.length) throw invalid("The key's data is truncated.");
    const value = this.#blob.subarray(this.#at + 4, end);
    this.#at = end;
    return value;
  }

  mpint(): Buffer {
    return this.string();
  }

  atEnd(): boolean {
    return this.#at === this.#blob.length;
  }
}

/**
 * A word of the text for a message, only when it looks like a key type or an option name: the
 * text may not be a key at all, and an error must not repeat another file's content.
 */
function typeShown(word: string): string {
  return /^[a-z][a-z0-9@.-]{0,39}=?$/.test(word) ? JSON.stringify(word) : "something that is not a key type";
}

function invalid(message: string): Hop3Error {
  return new Hop3Error("SSH_KEY_INVALID", message);
}
