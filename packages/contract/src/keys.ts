import { Type, type Static } from "@sinclair/typebox";

/** An SSH public key allowed to `git push` and run Hop3 commands over SSH. */
export const SshKey = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    name: Type.String({ description: "Name given when the key was added, e.g. laptop" }),
    type: Type.String({ description: "Key type, e.g. ssh-ed25519" }),
    fingerprint: Type.String({ description: "SHA256 fingerprint, as `ssh-keygen -l` prints it" }),
    bits: Type.Integer({ description: "Key size in bits" }),
    user: Type.String({ description: "The user the key belongs to: it acts with that user's roles" }),
    createdAt: Type.String({ format: "date-time" }),
  },
  { $id: "SshKey" },
);
export type SshKey = Static<typeof SshKey>;

export const SshKeyList = Type.Object({ keys: Type.Array(Type.Ref(SshKey)) }, { $id: "SshKeyList" });
export type SshKeyList = { keys: SshKey[] };

export const AddSshKeyBody = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: "1-64 letters, digits, dots, dashes, underscores or @" }),
    publicKey: Type.String({ maxLength: 16_384, description: "One line of an OpenSSH public key file: `TYPE BASE64 [COMMENT]`" }),
    user: Type.Optional(Type.String({ maxLength: 64, description: "Admins only: add the key for this user (default: the caller)" })),
  },
  { additionalProperties: false, $id: "AddSshKeyBody" },
);
export type AddSshKeyBody = Static<typeof AddSshKeyBody>;

export const SshKeyParams = Type.Object({ key: Type.String({ maxLength: 200, description: "The key's id or name" }) });

const keyNamePattern = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** True for a valid key name: 1-64 letters, digits, `.`, `_`, `@` or `-`, starting with a letter or digit. */
export function isSshKeyName(name: string): boolean {
  return keyNamePattern.test(name);
}

/** Paths of the SSH key routes. */
export const keyPaths = {
  keys: "/v1/keys",
  key: (idOrName: string) => `/v1/keys/${encodeURIComponent(idOrName)}`,
} as const;
