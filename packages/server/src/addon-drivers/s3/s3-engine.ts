import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { open, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { Hop3Error } from "@hop3/contract";
import type { Addon, AddonEngine, AttachingApp, Attachment } from "../../core/addon.ts";
import { versitygw, versitygwVersion } from "../engine-binaries.ts";
import type { EngineHost } from "../engine-host.ts";
import { EngineProcess } from "../engine-process.ts";
import { S3Client } from "./s3-client.ts";
import { endObjectTar, readObjectTar, writeObjectEntry } from "./object-tar.ts";
import { objectPath } from "./sigv4.ts";

const region = "us-east-1";
const bucketName = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/**
 * What an attachment may do in its bucket: objects, listings, multipart uploads; not its
 * policy, ACL or the bucket itself, so an app cannot open its bucket to another key.
 */
const objectActions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts", "s3:ListBucketMultipartUploads", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObjectTagging"];

/** The server's root key and port, the daemon's (0600): made once, kept across restarts. */
interface RootRecord {
  readonly port: number;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * S3 storage served by versitygw (ADR 51): one server for every s3 addon, on 127.0.0.1 only,
 * run as the engines' account like the other engines (ADR 42), objects as plain files in its
 * posix backend. An addon is a bucket, owned by the server's root; each attachment is an IAM
 * user of its own (role `user`, which owns no bucket) named in the bucket's policy, so a key
 * opens its addon's bucket and no other (ADR 43).
 */
export class S3Engine implements AddonEngine {
  readonly type = "s3";
  readonly secretVariables: readonly string[] = ["AWS_SECRET_ACCESS_KEY"];
  readonly #host: EngineHost;
  readonly #process: EngineProcess;
  readonly #recordFile: string;
  #root: RootRecord | undefined;
  #making: Promise<RootRecord> | undefined;
  #version: string | undefined;

  constructor(host: EngineHost) {
    this.#host = host;
    this.#process = new EngineProcess(host, "versitygw");
    this.#recordFile = join(host.dirs.configDir, "s3-root.json");
  }

  async version(): Promise<string> {
    if (this.#version === undefined) {
      const lines = await this.#host.client([versitygw, "--version"], "", "versitygw --version").catch(() => []);
      this.#version = /v?(\d+\.\d+\.\d+)/.exec(lines.join(" "))?.[1] ?? versitygwVersion;
    }
    return this.#version;
  }

  async ensureRunning(): Promise<void> {
    const root = await this.#rootRecord();
    const dir = join(this.#host.dirs.addonsDir, "s3");
    await this.#host.runAsEngine(["/usr/bin/mkdir", "-p", "-m", "0700", dir, join(dir, "data"), join(dir, "iam")], "Making the S3 server's directories");
    const argv = [versitygw, "--port", `127.0.0.1:${root.port}`, "--region", region, "--iam-dir", join(dir, "iam"), "posix", join(dir, "data")] as const;
    const env = { ROOT_ACCESS_KEY_ID: root.accessKeyId, ROOT_SECRET_ACCESS_KEY: root.secretAccessKey };
    await this.#process.ensure(argv, { env, ready: () => this.#client(root).request("GET", "/").then((answer) => answer.status === 200, () => false) });
  }

  /** A minor upgrade (ADR 68): the one versitygw serves every s3 addon, so all of them restart on the binaries installed now. */
  async restart(_addon: Addon, addons: readonly Addon[]): Promise<string[]> {
    await this.#process.stop();
    this.#version = undefined;
    await this.ensureRunning();
    return addons.filter((a) => a.type === this.type).map((a) => a.name);
  }

  async create(name: string): Promise<Record<string, string>> {
    if (!bucketName.test(name)) throw new Hop3Error("ADDON_NAME_INVALID", `The addon name "${name}" cannot be an S3 bucket name (3 to 63 characters, ending with a letter or digit); nothing was created.`);
    await this.ensureRunning();
    await (await this.#admin()).ok(`Making the bucket of addon ${name}`, "PUT", `/${name}`);
    return { bucket: name };
  }

  async destroy(addon: Addon): Promise<void> {
    // The posix backend keeps a bucket as one directory (its policy in its extended attributes).
    await this.#host.runAsEngine(["/usr/bin/rm", "-rf", join(this.#host.dirs.addonsDir, "s3", "data", bucketOf(addon))], `Removing the bucket of addon ${addon.name}`);
  }

  async attach(addon: Addon, _app: AttachingApp): Promise<Record<string, string>> {
    const credentials = { accessKeyId: `H3${randomKey(18).toUpperCase()}`, secretAccessKey: randomKey(40) };
    const admin = await this.#admin();
    const account = `<Account><Access>${credentials.accessKeyId}</Access><Secret>${credentials.secretAccessKey}</Secret><Role>user</Role><UserID>0</UserID><GroupID>0</GroupID><ProjectID>0</ProjectID></Account>`;
    await admin.ok(`Making the S3 key of addon ${addon.name}`, "PATCH", "/create-user", { body: account });
    try {
      await this.#grant(addon, (keys) => [...keys, credentials.accessKeyId]);
    } catch (error) {
      await admin.request("PATCH", "/delete-user", { query: { access: credentials.accessKeyId } }).catch(() => undefined);
      throw error;
    }
    return credentials;
  }

  async detach(addon: Addon, attachment: Attachment): Promise<void> {
    const key = attachment.credentials.accessKeyId ?? "";
    await this.#grant(addon, (keys) => keys.filter((k) => k !== key));
    await (await this.#admin()).ok(`Removing the S3 key of addon ${addon.name}`, "PATCH", "/delete-user", { query: { access: key } });
  }

  env(addon: Addon, attachment: Attachment): Record<string, string> {
    const endpoint = `http://127.0.0.1:${this.#recordedPort()}`;
    const { accessKeyId = "", secretAccessKey = "" } = attachment.credentials;
    return { S3_ENDPOINT: endpoint, S3_BUCKET: bucketOf(addon), AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_REGION: region, AWS_ENDPOINT_URL: endpoint };
  }

  async status(): Promise<"running" | "stopped"> {
    return this.#process.running() ? "running" : "stopped";
  }

  async sizeBytes(addon: Addon): Promise<number | null> {
    let total = 0;
    try {
      for await (const object of this.#objects(addon)) total += object.size;
    } catch {
      return null;
    }
    return total;
  }

  /** A tar of the bucket's objects, one file per key (object-tar.ts): any tar tool reads it. */
  async exportTo(addon: Addon, file: string): Promise<void> {
    const admin = await this.#admin();
    const out = await open(file, "w", 0o600);
    try {
      for await (const { key } of this.#objects(addon)) {
        const answer = await admin.ok(`Reading the object ${JSON.stringify(key)} of addon ${addon.name}`, "GET", objectPath(bucketOf(addon), key));
        await writeObjectEntry(out, key, answer.body);
      }
      await endObjectTar(out);
    } finally {
      await out.close();
    }
  }

  /** Puts the objects of such a tar into the bucket (same keys overwritten); the whole file is checked first. */
  async importFrom(addon: Addon, file: string): Promise<void> {
    const input = await open(file, "r");
    try {
      const entries = await readObjectTar(input).catch((error: unknown) => {
        throw new Hop3Error("ADDON_IMPORT_INVALID", `The file is not an export of an s3 addon (a tar of objects): ${(error as Error).message}; nothing was imported into the addon "${addon.name}".`);
      });
      const admin = await this.#admin();
      for (const entry of entries) {
        const data = Buffer.alloc(entry.size);
        if (entry.size > 0) await input.read(data, 0, entry.size, entry.offset);
        await admin.ok(`Writing the object ${JSON.stringify(entry.key)} into addon ${addon.name}`, "PUT", objectPath(bucketOf(addon), entry.key), { body: data });
      }
    } finally {
      await input.close();
    }
  }

  /** Deletes every object of the bucket, keeping the bucket, its policy and its keys (a restore in place loads an export next). */
  async empty(addon: Addon): Promise<void> {
    const keys: string[] = [];
    for await (const { key } of this.#objects(addon)) keys.push(key);
    const admin = await this.#admin();
    for (const key of keys) await admin.ok(`Deleting the object ${JSON.stringify(key)} of addon ${addon.name}`, "DELETE", objectPath(bucketOf(addon), key), { expected: [204, 200, 404] });
  }

  /** Every object of the bucket (key and size), page by page, as the root sees them. */
  async *#objects(addon: Addon): AsyncGenerator<{ key: string; size: number }> {
    const admin = await this.#admin();
    let token: string | undefined;
    do {
      const answer = await admin.ok(`Listing the objects of addon ${addon.name}`, "GET", `/${bucketOf(addon)}`, { query: { "list-type": "2", ...(token ? { "continuation-token": token } : {}) } });
      const xml = answer.body.toString();
      for (const [, contents = ""] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        yield { key: unescapeXml(/<Key>([^<]*)<\/Key>/.exec(contents)?.[1] ?? ""), size: Number(/<Size>(\d+)<\/Size>/.exec(contents)?.[1] ?? 0) };
      }
      token = /<NextContinuationToken>([^<]+)<\/NextContinuationToken>/.exec(xml)?.[1];
    } while (token !== undefined);
  }

  detachProcesses(): void {
    this.#process.detach();
  }

  /** Rewrites the bucket's policy with the keys `change` gives: none, no policy (the root alone). */
  async #grant(addon: Addon, change: (keys: string[]) => string[]): Promise<void> {
    const admin = await this.#admin();
    const bucket = `/${bucketOf(addon)}`;
    const current = await admin.ok(`Reading the policy of addon ${addon.name}`, "GET", bucket, { query: { policy: "" }, expected: [200, 404] });
    const keys = change(current.status === 404 ? [] : principals(current.body.toString()));
    if (keys.length === 0) {
      await admin.ok(`Closing the bucket of addon ${addon.name}`, "DELETE", bucket, { query: { policy: "" }, expected: [200, 204, 404] });
      return;
    }
    const arn = `arn:aws:s3:::${bucketOf(addon)}`;
    const policy = { Version: "2012-10-17", Statement: [{ Sid: "hop3-attachments", Effect: "Allow", Principal: { AWS: keys }, Action: objectActions, Resource: [arn, `${arn}/*`] }] };
    await admin.ok(`Opening the bucket of addon ${addon.name} to its attachments`, "PUT", bucket, { query: { policy: "" }, body: JSON.stringify(policy) });
  }

  async #admin(): Promise<S3Client> {
    return this.#client(await this.#rootRecord());
  }

  #client(root: RootRecord): S3Client {
    return new S3Client(`http://127.0.0.1:${root.port}`, { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey, region });
  }

  async #rootRecord(): Promise<RootRecord> {
    this.#root ??= this.#readRecord();
    if (this.#root !== undefined) return this.#root;
    // Made once; two first uses at the same time share the one being made.
    this.#making ??= (async () => {
      const root = { port: await freeLoopbackPort(), accessKeyId: `H3ROOT${randomKey(14).toUpperCase()}`, secretAccessKey: randomKey(40) };
      await writeFile(this.#recordFile, JSON.stringify(root), { mode: 0o600, flag: "wx" });
      return root;
    })().finally(() => (this.#making = undefined));
    this.#root = await this.#making;
    return this.#root;
  }


  #recordedPort(): number {
    this.#root ??= this.#readRecord();
    return this.#root?.port ?? 0;
  }

  #readRecord(): RootRecord | undefined {
    try {
      return JSON.parse(readFileSync(this.#recordFile, "utf8")) as RootRecord;
    } catch {
      return undefined;
    }
  }
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(Number(entity.slice(1)));
    return named[entity.toLowerCase()] ?? "";
  });
}

function bucketOf(addon: Addon): string {
  return addon.secret.bucket ?? addon.name;
}

/** The access keys a policy names (as `#grant` writes them). */
function principals(policy: string): string[] {
  try {
    const parsed = JSON.parse(policy) as { Statement?: { Principal?: { AWS?: string | string[] } }[] };
    return (parsed.Statement ?? []).flatMap((statement) => statement.Principal?.AWS ?? []);
  } catch {
    return [];
  }
}

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Letters and digits only: keys pass the privileged parent's shape check and need no escaping in XML or URLs. */
function randomKey(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length] ?? "a").join("");
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
