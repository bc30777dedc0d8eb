import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/**
 * PostgreSQL's SCRAM-SHA-256 verifier of `password` (RFC 7677, as `pg_authid` stores it): Hop3
 * sends this, not the password, in `CREATE ROLE … PASSWORD`, so the password is in no
 * statement the external server may log (ADR 69).
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
