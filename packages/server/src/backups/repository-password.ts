import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/**
 * The backup repository's password: generated once, kept 0600 in the state root's secrets and
 * handed to restic only as a file name (RESTIC_PASSWORD_FILE), never in argv, an environment
 * value, a log line or an API answer — except the one answer that created it (ADR 47).
 */
export class RepositoryPassword {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /** Makes a new password; fails if one exists (a repository is never re-keyed by accident). */
  generate(): string {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const password = randomBytes(32).toString("base64url");
    writeFileSync(this.file, `${password}\n`, { mode: 0o600, flag: "wx" });
    return password;
  }

  /** Keeps the password of an existing repository (a disaster recovery); fails if one exists. */
  install(password: string): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileSync(this.file, `${password}\n`, { mode: 0o600, flag: "wx" });
  }

  /** Forgets a password whose repository could not be created, so the next backup tries again. */
  discard(): void {
    rmSync(this.file, { force: true });
  }

  /** Only for tests and the disaster-recovery path: what the file holds. */
  read(): string {
    return readFileSync(this.file, "utf8").trim();
  }
}
