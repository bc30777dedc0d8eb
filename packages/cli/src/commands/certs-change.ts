import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { apiPaths, type AddCertificateBody, type CustomCertificate, type RemovedCertificates } from "@hop3/contract";
import { defineCommand, jsonOption } from "../command.ts";
import type { CliIo } from "../io.ts";
import { usageError } from "../usage-error.ts";

// The server accepts 64 KiB of certificates and 16 KiB of key; anything much larger is not a PEM bundle.
const maxFileBytes = 256 * 1024;

async function readPem(file: string, io: CliIo, what: string): Promise<string> {
  const path = resolve(io.cwd, file);
  const fail = (why: string) => usageError(`Cannot read the ${what} ${path}: ${why}.`, "certs:add");
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw fail(error.code === "ENOENT" ? "no such file" : error.message);
  });
  if (!info.isFile()) throw fail("not a file");
  if (info.size > maxFileBytes) throw fail(`${info.size} bytes, more than a PEM certificate or key ever needs`);
  return readFile(path, "utf8");
}

/** Certificates and key given over SSH: both files' PEM blocks, one after the other, on stdin. */
function splitBundle(text: string): { certificate: string; key: string } {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----\r?\n?/g)];
  const of = (keys: boolean) => blocks.filter((block) => /PRIVATE KEY$/.test(block[1] ?? "") === keys).map((block) => block[0]).join("\n");
  return { certificate: of(false), key: of(true) };
}

function describe(cert: CustomCertificate): string {
  const hosts = cert.hosts.length > 0 ? cert.hosts.join(", ") : "none of the app's hostnames";
  return `${hosts} (issuer ${cert.issuer}, expires ${cert.notAfter.slice(0, 10)})`;
}

/** `hop3 certs:add APP CERT_FILE KEY_FILE`: serve a certificate of your own instead of an automatic one. */
export const certsAddCommand = defineCommand({
  name: "certs:add",
  summary: "Serve a certificate of your own (PEM chain and key) for the app's hostnames it covers; checked before use",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "CERT_FILE", required: true, description: "PEM certificates: the leaf first, then its intermediates (e.g. fullchain.pem); - to read both from stdin" },
    { name: "KEY_FILE", required: false, description: "The leaf's unencrypted PEM private key (e.g. privkey.pem)" },
  ],
  async run({ args }, { io, client }) {
    let body: AddCertificateBody;
    if (args.CERT_FILE === "-") body = splitBundle(await io.readStdin());
    else {
      if (args.KEY_FILE === undefined) throw usageError("certs:add needs the key file after the certificate file.", "certs:add");
      body = { certificate: await readPem(args.CERT_FILE, io, "certificate file"), key: await readPem(args.KEY_FILE, io, "key file") };
    }
    return (await client()).json<CustomCertificate>("POST", apiPaths.customCertificates(args.APP), body);
  },
  // The server reads both from stdin: the files are read here, on the client; the key never appears in an argv.
  async sshRemote({ args, options }, io) {
    const certificate = await readPem(args.CERT_FILE, io, "certificate file");
    if (args.KEY_FILE === undefined) throw usageError("certs:add needs the key file after the certificate file.", "certs:add");
    const key = await readPem(args.KEY_FILE, io, "key file");
    return { args: [...(options.json === true ? ["--json"] : []), "--", args.APP, "-"], stdin: `${certificate}\n${key}` };
  },
  render: (cert) => `Serving the certificate for ${describe(cert)}.\nThe proxy no longer obtains certificates for these hostnames; \`hop3 certs:remove\` goes back to automatic ones.`,
});

/** `hop3 certs:remove APP [HOST...]`: back to automatic certificates. */
export const certsRemoveCommand = defineCommand({
  name: "certs:remove",
  summary: "Remove an app's custom certificates (those serving HOST..., or all): the proxy obtains certificates again",
  options: { json: jsonOption },
  args: [
    { name: "APP", required: true, description: "Name of the app" },
    { name: "HOST", required: false, variadic: true, description: "A hostname whose custom certificate to remove (default: every custom certificate of the app)" },
  ],
  async run({ args, rest }, { client }) {
    const query = rest.length > 0 ? `?hosts=${encodeURIComponent(rest.join(","))}` : "";
    return (await client()).json<RemovedCertificates>("DELETE", `${apiPaths.customCertificates(args.APP)}${query}`);
  },
  render: (result) =>
    result.removed.length === 0 ? `The app ${result.app} has no custom certificate.` : result.removed.map((cert) => `Removed the certificate for ${describe(cert)}; automatic certificates from now on.`).join("\n"),
});
