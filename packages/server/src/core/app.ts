/** An app known to the server. */
export interface App {
  readonly id: number;
  readonly name: string;
  /** The Unix account the app's builds and processes run as. */
  readonly unixUser: string;
  readonly createdAt: string;
}
