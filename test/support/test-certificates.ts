import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A certificate and its key, PEM. */
export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * Real certificates made with the `openssl` CLI for tests: a root CA, intermediates and leaves
 * with chosen names and validity (`days` may be negative: already expired).
 */
export class TestCertificates {
  readonly #dir = mkdtempSync(join(tmpdir(), "hop3-certs-"));
  #serial = 1;

  #openssl(args: readonly string[]): void {
    execFileSync("openssl", args, { cwd: this.#dir, stdio: ["ignore", "ignore", "pipe"] });
  }

  #read(name: string): string {
    return readFileSync(join(this.#dir, name), "utf8");
  }

  /** A self-signed root CA. */
  root(name: string): TestCertificate {
    const id = `c${this.#serial++}`;
    this.#openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${id}.key`, "-out", `${id}.pem`, "-subj", `/CN=${name}`, "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    return { cert: this.#read(`${id}.pem`), key: this.#read(`${id}.key`) };
  }

  /** A certificate signed by `issuer`: a CA (intermediate) or a leaf for `hosts`. */
  issue(issuer: TestCertificate, options: { name: string; hosts?: readonly string[]; ca?: boolean; days?: number }): TestCertificate {
    const id = `c${this.#serial++}`;
    writeFileSync(join(this.#dir, `${id}.issuer.pem`), issuer.cert);
    writeFileSync(join(this.#dir, `${id}.issuer.key`), issuer.key);
    const ext = options.ca === true ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n" : `basicConstraints=CA:FALSE\nsubjectAltName=${(options.hosts ?? []).map((host) => `DNS:${host}`).join(",")}\n`;
    writeFileSync(join(this.#dir, `${id}.ext`), ext);
    this.#openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${options.name}`]);
    this.#openssl(["x509", "-req", "-in", `${id}.csr`, "-CA", `${id}.issuer.pem`, "-CAkey", `${id}.issuer.key`, "-set_serial", String(1000 + this.#serial), "-out", `${id}.pem`, "-days", String(options.days ?? 10), "-extfile", `${id}.ext`]);
    return { cert: this.#read(`${id}.pem`), key: this.#read(`${id}.key`) };
  }

  /** Writes a file in the scratch directory and returns its path. */
  file(name: string, text: string): string {
    const path = join(this.#dir, name);
    writeFileSync(path, text);
    return path;
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
