import { after, test } from "node:test";
import assert from "node:assert/strict";
import { Hop3Error } from "@hop3/contract";
import { TestCertificates } from "../../../../test/support/test-certificates.ts";
import { checkCertificateBundle } from "./certificate-bundle.ts";

const certs = new TestCertificates();
after(() => certs.remove());
const root = certs.root("Test Root");
const intermediate = certs.issue(root, { name: "Test Intermediate", ca: true });
const leaf = certs.issue(intermediate, { name: "shop.test", hosts: ["shop.test", "www.shop.test"] });
const appHosts = ["shop.hop3.test", "shop.test", "www.shop.test"];
const check = (certificatePem: string, keyPem: string, extra: { hosts?: string[]; roots?: string[] } = {}) =>
  checkCertificateBundle({ certificatePem, keyPem, appHosts, hosts: extra.hosts, roots: extra.roots ?? [] });

function refused(work: () => unknown, code: string, message: RegExp): void {
  assert.throws(work, (error: unknown) => {
    assert.ok(error instanceof Hop3Error);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

test("a complete chain whose key matches is accepted for the app's hostnames it covers", () => {
  const checked = check(leaf.cert + intermediate.cert + root.cert, leaf.key);
  assert.deepEqual(checked.hosts, ["shop.test", "www.shop.test"]);
  assert.deepEqual(checked.subjects, ["shop.test", "www.shop.test"]);
  assert.equal(checked.issuer, "Test Intermediate");
  assert.ok(checked.notAfter > new Date());
  assert.equal((checked.chainPem.match(/BEGIN CERTIFICATE/g) ?? []).length, 3);
});

test("a chain ending at a well-known root need not include the root", () => {
  assert.deepEqual(check(leaf.cert + intermediate.cert, leaf.key, { roots: [root.cert] }).hosts, ["shop.test", "www.shop.test"]);
});

test("a wildcard certificate covers the app's names one level below it", () => {
  const wildcard = certs.issue(root, { name: "wildcard", hosts: ["*.hop3.test"] });
  assert.deepEqual(check(wildcard.cert + root.cert, wildcard.key).hosts, ["shop.hop3.test"]);
});

test("a key that is not the certificate's is refused naming the certificate", () => {
  refused(() => check(leaf.cert + intermediate.cert + root.cert, intermediate.key), "CERTIFICATE_KEY_MISMATCH", /private key does not match the certificate for shop\.test/);
});

test("an expired certificate is refused with its date", () => {
  const expired = certs.issue(root, { name: "old.test", hosts: ["shop.test"], days: -1 });
  refused(() => check(expired.cert + root.cert, expired.key), "CERTIFICATE_EXPIRED", /certificate for old\.test expired on \d{4}-/);
});

test("a certificate for other names is refused naming its names and the app's", () => {
  const other = certs.issue(root, { name: "other.test", hosts: ["other.test"] });
  refused(() => check(other.cert + root.cert, other.key), "CERTIFICATE_HOST_MISMATCH", /is for other\.test, none of the app's hostnames \(shop\.hop3\.test, shop\.test, www\.shop\.test\)/);
  refused(() => check(leaf.cert + intermediate.cert + root.cert, leaf.key, { hosts: ["shop.hop3.test"] }), "CERTIFICATE_HOST_MISMATCH", /does not cover "shop\.hop3\.test"/);
  refused(() => check(leaf.cert + intermediate.cert + root.cert, leaf.key, { hosts: ["elsewhere.test"] }), "CERTIFICATE_HOST_MISMATCH", /"elsewhere\.test" is not a hostname of the app/);
});

test("a chain missing its intermediate, or out of order, is refused naming the missing issuer", () => {
  refused(() => check(leaf.cert + root.cert, leaf.key), "CERTIFICATE_CHAIN_INCOMPLETE", /\(shop\.test\) is not signed by the next one \(Test Root\): its issuer is Test Intermediate/);
  refused(() => check(leaf.cert, leaf.key), "CERTIFICATE_CHAIN_INCOMPLETE", /issued by "Test Intermediate", which is neither in the file nor a well-known root/);
});

test("input that is not PEM, an encrypted key, or too much of it is refused", () => {
  refused(() => check("hello", leaf.key), "CERTIFICATE_INVALID", /holds no PEM certificate/);
  refused(() => check(leaf.cert, "nope"), "CERTIFICATE_INVALID", /holds 0 PEM private keys/);
  refused(() => check(leaf.cert, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"), "CERTIFICATE_INVALID", /encrypted with a passphrase/);
  refused(() => check(leaf.cert.repeat(200), leaf.key), "CERTIFICATE_INVALID", /at most 65536 are accepted/);
});
