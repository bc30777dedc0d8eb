import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

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
  /** Keys of servers this one was restored from (ADR 70): they only decrypt, never encrypt. */
  readonly #formerKeysDir: string;
  #formerKeys: Buffer[] | undefined;

  constructor(keyFile: string) {
    this.#keyFile = keyFile;
    this.#formerKeysDir = join(dirname(keyFile), "former-config-keys");
  }

  /** The key's own name (a hash of it: never the key), created with the key when none exists yet. */
  fingerprint(): string {
    return fingerprintOf(this.#ensureKey());
  }

  /** The key and the former keys, as files to keep in a server-level backup. */
  keyFiles(): { readonly current: string; readonly former: readonly string[] } {
    this.#ensureKey();
    const former = existsSync(this.#formerKeysDir) ? readdirSync(this.#formerKeysDir).filter((name) => name.endsWith(".key")).map((name) => join(this.#formerKeysDir, name)) : [];
    return { current: this.#keyFile, former };
  }

  /**
   * Keeps the key of a lost server (from its server-level backup) so what it encrypted — the
   * config vars in its apps' backups — decrypts here; values set here are still encrypted with
   * this server's own key. Returns false for this server's own key (nothing to keep).
   */
  addFormerKey(key: Buffer): boolean {
    if (key.length !== keyLength) throw new Error(`A config key has ${keyLength} bytes, not ${key.length}.`);
    if (key.equals(this.#ensureKey())) return false;
    mkdirSync(this.#formerKeysDir, { recursive: true, mode: 0o700 });
    const file = join(this.#formerKeysDir, `${fingerprintOf(key)}.key`);
    if (!existsSync(file)) writeFileSync(file, key, { mode: 0o600, flag: "wx" });
    this.#formerKeys = undefined;
    return true;
  }

  encrypt(value: string, context: string): Uint8Array {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv("aes-256-gcm", this.#ensureKey(), iv, { authTagLength: tagLength });
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
  }

  decrypt(stored: Uint8Array, context: string): string {
    try {
      return decryptWith(this.#ensureKey(), stored, context);
    } catch (error) {
      // A value sealed by a server this one was restored from: its key, kept as a former key, opens it.
      for (const key of this.#former()) {
        try {
          return decryptWith(key, stored, context);
        } catch {
          // Not this one.
        }
      }
      throw error;
    }
  }

  #former(): Buffer[] {
    if (this.#formerKeys) return this.#formerKeys;
    const files = existsSync(this.#formerKeysDir) ? readdirSync(this.#formerKeysDir).filter((name) => name.endsWith(".key")) : [];
    this.#formerKeys = files.map((name) => readFileSync(join(this.#formerKeysDir, name))).filter((key) => key.length === keyLength);
    return this.#formerKeys;
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

function decryptWith(key: Buffer, stored: Uint8Array, context: string): string {
  const data = Buffer.from(stored);
  const decipher = createDecipheriv("aes-256-gcm", key, data.subarray(0, ivLength), { authTagLength: tagLength });
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(data.subarray(ivLength, ivLength + tagLength));
  return Buffer.concat([decipher.update(data.subarray(ivLength + tagLength)), decipher.final()]).toString("utf8");
}

function fingerprintOf(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 16);
}
