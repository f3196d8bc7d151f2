const encoder = new TextEncoder();

/** The UTF-8 size of a text, counted without encoding it (web APIs only: no `Buffer`). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair is 4 bytes for 2 units; a lone surrogate is written as U+FFFD (3).
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/** Writes `text` as UTF-8 into `target` at `at`; returns the bytes written. */
export function writeUtf8(text: string, target: Uint8Array, at: number): number {
  return encoder.encodeInto(text, target.subarray(at)).written;
}
