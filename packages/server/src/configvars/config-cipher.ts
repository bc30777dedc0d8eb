import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

const keyLength = 32;
const ivLength = 12;
const tagLength = 16;

/**
 * AES-256-GCM for config var values at rest. A stored value is iv (12 bytes) | tag (16) |
 * ciphertext; the app and key name are authenticated with it, so a value copied to another
 * row does not decrypt. The 32-byte key lives in a file of its own (0600 in a 0700 directory),
 * created on first need, so a copy of the database alone reveals nothing.
 */
export class ConfigCipher {
  readonly #keyFile: string;
  #key: Buffer | undefined;

  constructor(keyFile: string) {
    this.#keyFile = keyFile;
  }

  encrypt(value: string, context: string): Uint8Array {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv("aes-256-gcm", this.#ensureKey(), iv, { authTagLength: tagLength });
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  decrypt(stored: Uint8Array, context: string): string {
    const data = Buffer.from(stored);
    const decipher = createDecipheriv("aes-256-gcm", this.#ensureKey(), data.subarray(0, ivLength), { authTagLength: tagLength });
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(data.subarray(ivLength, ivLength + tagLength));
    return Buffer.concat([decipher.update(data.subarray(ivLength + tagLength)), decipher.final()]).toString("utf8");
  }

  #ensureKey(): Buffer {
    if (this.#key) return this.#key;
    let key: Buffer;
    try {
      key = readFileSync(this.#keyFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      mkdirSync(dirname(this.#keyFile), { recursive: true, mode: 0o700 });
      chmodSync(dirname(this.#keyFile), 0o700);
      // "wx": two servers on one root must not overwrite each other's key.
      writeFileSync(this.#keyFile, randomBytes(keyLength), { mode: 0o600, flag: "wx" });
      key = readFileSync(this.#keyFile);
    }
    if (key.length !== keyLength) throw new Error(`${this.#keyFile} holds ${key.length} bytes; a config key has ${keyLength}.`);
    this.#key = key;
    return key;
  }
}
