/** An attachment of one revision, as the store keeps it. */
export interface StoredAttachment {
  contentType: string;
  /** The bytes as stored: gzipped when `encoding` is `gzip`. */
  data: Buffer;
  encoding: 'gzip' | undefined;
  /** The length of the bytes as uploaded (`length` in stubs). */
  length: number;
  /** The raw md5 of the stored bytes (what the rev hash takes). */
  md5: Buffer;
  /** The revision position that last changed it. */
  revpos: number;
}
