import type { Static, TSchema } from "@sinclair/typebox";

/**
 * One server setting, declared once: the config schema, the defaults, the environment
 * variables, `hop3-server --help` and the table in docs/server.md are all derived from it
 * (server-config.ts, settings-usage.ts, settings-table.ts).
 */
export interface Setting<S extends TSchema = TSchema> {
  /** The variable that overrides the file key: `HOP3_` + the key in upper case, `-` as `_`. */
  readonly env: `HOP3_${string}`;
  /** What a value must be. Its kind also decides how the variable's text is read (number, boolean, text). */
  readonly schema: S;
  readonly default: Static<S>;
  /** The default in words (plain text) when it is computed at start: help and docs must not show one machine's value. */
  readonly defaultText?: string;
  /** One line for `hop3-server --help`; also the schema's description. */
  readonly help: string;
  /** The "meaning" cell of docs/server.md (Markdown), when it says more than `help`. */
  readonly doc?: string;
}
