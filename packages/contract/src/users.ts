import { Type, type Static } from "@sinclair/typebox";
import { appRoles } from "./permissions.ts";

const userNamePattern = "^[a-z][a-z0-9._-]{0,31}$";

/** True for a valid user name: 1-32 lowercase letters, digits, `.`, `_` or `-`, starting with a letter. */
export function isUserName(name: string): boolean {
  return new RegExp(userNamePattern).test(name);
}

export const AppRoleSchema = Type.Union(
  appRoles.map((role) => Type.Literal(role)),
  { description: "viewer: read-only, no config values; developer: deploy, config, logs, run, scale, rollback; owner: also destroy, rename, domains, access" },
);

/** A person (or robot) who signs in to Hop3. */
export const User = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    admin: Type.Boolean({ description: "Server admin: every permission on every app" }),
    hasPassword: Type.Boolean(),
    createdAt: Type.String({ format: "date-time" }),
  },
  { $id: "User" },
);
export type User = Static<typeof User>;

export const UserList = Type.Object({ users: Type.Array(Type.Ref(User)) }, { $id: "UserList" });
export type UserList = { users: User[] };

export const AddUserBody = Type.Object(
  {
    name: Type.String({ maxLength: 64, pattern: userNamePattern, description: "1-32 lowercase letters, digits, dots, dashes or underscores, starting with a letter" }),
    email: Type.Optional(Type.String({ maxLength: 254, format: "email" })),
    admin: Type.Optional(Type.Boolean({ description: "Make the user a server admin" })),
  },
  { additionalProperties: false, $id: "AddUserBody" },
);
export type AddUserBody = Static<typeof AddUserBody>;

export const SetPasswordBody = Type.Object(
  { password: Type.String({ minLength: 12, maxLength: 1024, description: "At least 12 characters" }) },
  { additionalProperties: false, $id: "SetPasswordBody" },
);
export type SetPasswordBody = Static<typeof SetPasswordBody>;

export const UserParams = Type.Object({ user: Type.String({ maxLength: 64, description: "The user's name" }) });

/** The caller: who they are, and their role on each app they have one on. */
export const Whoami = Type.Object(
  {
    user: Type.String(),
    admin: Type.Boolean(),
    token: Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      app: Type.Union([Type.String(), Type.Null()]),
      readOnly: Type.Boolean(),
      expiresAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    }),
    apps: Type.Array(Type.Object({ app: Type.String(), role: AppRoleSchema })),
  },
  { $id: "Whoami" },
);
export type Whoami = Static<typeof Whoami>;

/** One API token, as listed (its secret is shown only once, when created). */
export const ApiToken = Type.Object(
  {
    id: Type.Integer({ minimum: 1 }),
    name: Type.String(),
    user: Type.String(),
    app: Type.Union([Type.String(), Type.Null()], { description: "The only app the token may act on; null: every app its user may" }),
    readOnly: Type.Boolean({ description: "Only GET requests" }),
    expiresAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    lastUsedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
    createdAt: Type.String({ format: "date-time" }),
    sshKey: Type.Union([Type.String(), Type.Null()], { description: "The SSH key acting through this token, if any" }),
  },
  { $id: "ApiToken" },
);
export type ApiToken = Static<typeof ApiToken>;

export const ApiTokenList = Type.Object({ tokens: Type.Array(Type.Ref(ApiToken)) }, { $id: "ApiTokenList" });
export type ApiTokenList = { tokens: ApiToken[] };

export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$" }),
    app: Type.Optional(Type.String({ maxLength: 63, description: "Limit the token to this app" })),
    readOnly: Type.Optional(Type.Boolean({ description: "Limit the token to reading (GET requests)" })),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
    user: Type.Optional(Type.String({ maxLength: 64, description: "Admins only: create the token for this user" })),
  },
  { additionalProperties: false, $id: "CreateTokenBody" },
);
export type CreateTokenBody = Static<typeof CreateTokenBody>;

export const CreatedToken = Type.Object(
  { token: Type.String({ description: "The secret, shown only now" }), info: Type.Ref(ApiToken) },
  { $id: "CreatedToken" },
);
export type CreatedToken = { token: string; info: ApiToken };

export const TokenParams = Type.Object({ token: Type.String({ maxLength: 12, pattern: "^[0-9]{1,9}$", description: "The token's id" }) });

/** Who holds which role on an app. */
export const AppAccess = Type.Object(
  { app: Type.String(), grants: Type.Array(Type.Object({ user: Type.String(), role: AppRoleSchema })) },
  { $id: "AppAccess" },
);
export type AppAccess = Static<typeof AppAccess>;

export const GrantBody = Type.Object({ role: AppRoleSchema }, { additionalProperties: false, $id: "GrantBody" });
export type GrantBody = Static<typeof GrantBody>;

export const AccessParams = Type.Object({ app: Type.String({ maxLength: 63 }), user: Type.String({ maxLength: 64 }) });

/** Paths of the user, token and access routes. */
export const userPaths = {
  me: "/v1/me",
  users: "/v1/users",
  user: (name: string) => `/v1/users/${encodeURIComponent(name)}`,
  password: (name: string) => `/v1/users/${encodeURIComponent(name)}/password`,
  tokens: "/v1/tokens",
  token: (id: number | string) => `/v1/tokens/${encodeURIComponent(String(id))}`,
  access: (app: string) => `/v1/apps/${encodeURIComponent(app)}/access`,
  grant: (app: string, user: string) => `/v1/apps/${encodeURIComponent(app)}/access/${encodeURIComponent(user)}`,
} as const;

/** Password sign-in for people (the web UI): a session cookie and a CSRF token. */
export const SignInBody = Type.Object(
  { user: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false, $id: "SignInBody" },
);
export type SignInBody = Static<typeof SignInBody>;

export const SignedIn = Type.Object(
  {
    user: Type.String(),
    csrfToken: Type.String({ description: "Send it in the x-csrf-token header of every request that changes something" }),
    expiresAt: Type.String({ format: "date-time" }),
  },
  { $id: "SignedIn" },
);
export type SignedIn = Static<typeof SignedIn>;

/** The session cookie (HttpOnly, SameSite=Strict, Secure) and the header carrying the CSRF token. */
export const sessionCookieName = "hop3_session";
export const csrfHeader = "x-csrf-token";

export const sessionPaths = { sessions: "/v1/sessions", current: "/v1/sessions/current", tokens: "/v1/sessions/tokens" } as const;

/** Sign in with a password (local or LDAP) for an API token instead of a cookie: `hop3 login --user`. */
export const PasswordTokenBody = Type.Object(
  {
    user: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    name: Type.String({ minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9][A-Za-z0-9._@:-]{0,63}$", description: "The new token's name" }),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false, $id: "PasswordTokenBody" },
);
export type PasswordTokenBody = Static<typeof PasswordTokenBody>;
