/**
 * The catalogue of every error a Hop3 user can see. Codes are stable strings: a retired code
 * is never reused. `docs/errors.md` lists the same codes (a test keeps them in sync).
 */
export const errorCatalogue = {
  APP_NAME_INVALID: { status: 400, hint: "Use 1-63 lowercase letters, digits and hyphens, starting with a letter." },
  APP_NAME_RESERVED: { status: 400, hint: "Choose another name; this one is kept for Hop3 itself." },
  APP_NOT_FOUND: { status: 404, hint: "Run `hop3 apps` to list the apps on this server." },
  APP_EXISTS: { status: 409, hint: "Pick another name, or deploy to the existing app with --app." },
  DEPLOY_IN_PROGRESS: { status: 409, hint: "Wait for the running deploy of this app to finish, then try again." },
  UPLOAD_INVALID: { status: 400, hint: "Upload a gzipped tar archive of the app's directory (`hop3 deploy` does this)." },
  PROCFILE_INVALID: { status: 422, hint: "Each Procfile line is `type: command`; see docs/app-config.md." },
  HOP3_TOML_INVALID: { status: 422, hint: "Fix the key or value named above; see docs/app-config.md for the format." },
  ENV_FILE_INVALID: { status: 422, hint: "Each line of ENV or .env is KEY=value; comments start with #." },
  APP_CONFIG_INVALID: { status: 422, hint: "Check Procfile, hop3.toml and ENV together; see docs/app-config.md." },
  NO_BUILDER: { status: 422, hint: "Add the file a builder looks for, or set [build] toolchain in hop3.toml." },
  BUILD_FAILED: { status: 422, hint: "Read the build output above; the previous release keeps serving." },
  START_FAILED: { status: 422, hint: "The web process must listen on $PORT; read its output above. The previous release keeps serving." },
  AUTH_REQUIRED: { status: 401, hint: "Set HOP3_TOKEN or run `hop3 login`." },
  AUTH_INVALID: { status: 401, hint: "The token is unknown or revoked; create one with `hop3-server setup` or `hop3 login` again." },
  REQUEST_INVALID: { status: 400, hint: "Check the request against the OpenAPI description at /openapi.json." },
  ROUTE_NOT_FOUND: { status: 404, hint: "Check the URL against the OpenAPI description at /openapi.json." },
  SERVER_SHUTTING_DOWN: { status: 503, hint: "The server is stopping; retry once it is back." },
  SERVER_CONFIG_INVALID: { status: 500, hint: "Fix the named setting in the config file or environment, then start again." },
  INTERNAL: { status: 500, hint: "This is a bug in Hop3; the server log has the details." },
  SERVER_UNREACHABLE: { status: 503, hint: "Check HOP3_URL, or that `hop3-server run` is running." },
  CLI_USAGE: { status: 400, hint: "Run the command with --help to see its usage." },
  CLI_NOT_CONFIGURED: { status: 400, hint: "Set HOP3_URL and HOP3_TOKEN, or run `hop3 login --url URL --token TOKEN`." },
} as const satisfies Record<string, { status: number; hint: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** The JSON body of every error response, and of a failed deploy event. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  hint: string;
}

/** Base error of Hop3: a stable code, a message naming the offending thing, and a hint. */
export class Hop3Error extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "Hop3Error";
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.hint = options.hint ?? errorCatalogue[code].hint;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(errorCatalogue, value);
}
