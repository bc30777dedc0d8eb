import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Hop3Error } from "@hop3/contract";

/** An S3 access key, as restic reads it from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
export interface S3Key {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The server setting that names the credentials file, quoted in errors. */
const setting = "backup-s3-credentials-file";

/**
 * The key of an `s3:` backup repository (ADR 76): a file of two `NAME=value` lines
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), the daemon's, mode 0600 — refused when others may
 * read it, as ssh refuses a loose key. restic gets the key in its environment, never in argv
 * (which every user of the host reads in /proc), and no log line or API answer holds it.
 */
export class S3Credentials {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /** restic's environment for an `s3:` location; nothing for the others. */
  envFor(location: string): Record<string, string> {
    if (!location.startsWith("s3:")) return {};
    const key = this.read();
    return { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey };
  }

  read(): S3Key {
    let text: string;
    try {
      const mode = statSync(this.file).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        throw new Hop3Error("BACKUP_FAILED", `The S3 credentials file ${this.file} (server setting ${setting}) is readable by others (mode ${mode.toString(8).padStart(4, "0")}).`, { hint: `Run \`chmod 600 ${this.file}\`.` });
      }
      text = readFileSync(this.file, "utf8");
    } catch (error) {
      if (error instanceof Hop3Error) throw error;
      throw new Hop3Error("BACKUP_FAILED", `The backup repository is on S3, but its credentials file ${this.file} (server setting ${setting}) could not be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {
        hint: `Write AWS_ACCESS_KEY_ID=… and AWS_SECRET_ACCESS_KEY=… lines into ${this.file} (mode 0600, the daemon account's).`,
      });
    }
    return parseS3Credentials(text, this.file);
  }

  /** Keeps the key a disaster recovery was given (0600), answering how to put back what was there. */
  install(key: S3Key): () => void {
    const before = this.exists() ? readFileSync(this.file) : null;
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileSync(this.file, formatS3Credentials(key), { mode: 0o600 });
    return () => (before === null ? rmSync(this.file, { force: true }) : writeFileSync(this.file, before, { mode: 0o600 }));
  }
}

/** The file's text for a key. */
export function formatS3Credentials(key: S3Key): string {
  return `AWS_ACCESS_KEY_ID=${key.accessKeyId}\nAWS_SECRET_ACCESS_KEY=${key.secretAccessKey}\n`;
}

/** Reads `AWS_ACCESS_KEY_ID=…` and `AWS_SECRET_ACCESS_KEY=…` lines (blank lines and `#` comments allowed). */
export function parseS3Credentials(text: string, file: string): S3Key {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const equals = trimmed.indexOf("=");
    if (equals > 0) values.set(trimmed.slice(0, equals).trim(), trimmed.slice(equals + 1).trim());
  }
  const accessKeyId = values.get("AWS_ACCESS_KEY_ID") ?? "";
  const secretAccessKey = values.get("AWS_SECRET_ACCESS_KEY") ?? "";
  if (accessKeyId === "" || secretAccessKey === "") {
    const missing = [accessKeyId === "" ? "AWS_ACCESS_KEY_ID" : null, secretAccessKey === "" ? "AWS_SECRET_ACCESS_KEY" : null].filter(Boolean).join(" and ");
    throw new Hop3Error("BACKUP_FAILED", `The S3 credentials file ${file} (server setting ${setting}) has no ${missing} line.`, { hint: `Write AWS_ACCESS_KEY_ID=… and AWS_SECRET_ACCESS_KEY=… lines into ${file}.` });
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * restic's reason for a failure on an `s3:` repository, with what it means for Hop3's settings:
 * the endpoint cannot be reached, the key is refused, the bucket does not exist.
 */
export function explainS3Failure(location: string, reason: string): string {
  if (!location.startsWith("s3:")) return reason;
  const url = location.slice(3);
  const bucket = /^https?:\/\/[^/]+\/([^/]+)/.exec(url)?.[1] ?? url;
  const endpoint = /^(https?:\/\/[^/]+)/.exec(url)?.[1] ?? url;
  if (/connection refused|no such host|dial tcp|i\/o timeout|network is unreachable|certificate/i.test(reason)) {
    return `the S3 endpoint ${endpoint} could not be reached (server setting backup-repository): ${reason}`;
  }
  if (/Access Key Id you provided does not exist|signature we calculated does not match|InvalidAccessKeyId|SignatureDoesNotMatch|Access Denied|AccessDenied|Forbidden/i.test(reason)) {
    return `the S3 endpoint ${endpoint} refused the key in the credentials file (server setting ${setting}): ${reason}`;
  }
  if (/bucket does not exist|NoSuchBucket/i.test(reason)) {
    return `the bucket "${bucket}" does not exist at ${endpoint} (server setting backup-repository): ${reason}`;
  }
  return reason;
}
