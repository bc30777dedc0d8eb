export type ReleaseStatus = "building" | "succeeded" | "failed" | "superseded";

/** One deploy of an app: its build and the configuration it runs with. Immutable once finished. */
export interface Release {
  readonly id: number;
  readonly appId: number;
  /** 1, 2, 3… per app. */
  readonly number: number;
  readonly status: ReleaseStatus;
  readonly builder: string | null;
  /** Process type -> command, after builder defaults are applied. */
  readonly processes: Readonly<Record<string, string>>;
  /** Environment of the app's processes (without PORT). */
  readonly env: Readonly<Record<string, string>>;
  readonly staticRoot: string | null;
  readonly error: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}
