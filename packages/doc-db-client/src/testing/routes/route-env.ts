/** What query routes need from the simulator around them. */
export interface RouteEnv {
  /** A sequence number as the server shows it (opaque string or number). */
  formatSeq(n: number): unknown;
  /** Tells `_changes` listeners that the database changed (index design documents are writes). */
  notify(): void;
}
