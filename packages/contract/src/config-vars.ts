import { Type, type Static } from "@sinclair/typebox";

/** A config var name: what a POSIX shell accepts as a variable name. */
export const configKeyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Longest config var value the server takes, in characters. */
export const maxConfigValueLength = 65536;

const key = Type.String({ minLength: 1, maxLength: 255, description: "[A-Za-z_][A-Za-z0-9_]*; PORT and HOP3_* are reserved" });

export const ConfigVars = Type.Object(
  { app: Type.String(), vars: Type.Record(Type.String(), Type.String(), { description: "Every config var of the app, by name (values are secrets)" }) },
  { $id: "ConfigVars" },
);
export type ConfigVars = Static<typeof ConfigVars>;

export const ConfigVar = Type.Object({ app: Type.String(), key: Type.String(), value: Type.String() }, { $id: "ConfigVar" });
export type ConfigVar = Static<typeof ConfigVar>;

export const ChangeConfigBody = Type.Object(
  {
    set: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: maxConfigValueLength }), { description: "Vars to set, name → raw value", maxProperties: 100 })),
    unset: Type.Optional(Type.Array(key, { maxItems: 100, description: "Vars to remove" })),
    restart: Type.Optional(Type.Boolean({ description: "Restart the app with the new values through the health-checked switch (default true)" })),
  },
  { additionalProperties: false, $id: "ChangeConfigBody" },
);
export type ChangeConfigBody = Static<typeof ChangeConfigBody>;

/** The answer to a config change that did not restart the app (a restart answers with deploy events). */
export const ConfigChanged = Type.Object(
  {
    app: Type.String(),
    set: Type.Array(Type.String()),
    unset: Type.Array(Type.String()),
    restarted: Type.Boolean({ description: "Always false here; the values apply at the next deploy, rollback or restart" }),
    reason: Type.String({ description: "Why the app was not restarted" }),
  },
  { $id: "ConfigChanged" },
);
export type ConfigChanged = Static<typeof ConfigChanged>;

export const ConfigVarParams = Type.Object({ app: Type.String({ maxLength: 200 }), key: Type.String({ maxLength: 255 }) });
