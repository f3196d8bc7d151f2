import { REDACTED } from '../redact.js';

/** Shorter values are left alone: replacing them would mangle ordinary text. */
const MIN_LENGTH = 4;

const tryEncode = (encode: (s: string) => string, value: string): string | undefined => {
  try {
    return encode(value);
  } catch {
    return undefined; // a lone surrogate: encodeURIComponent throws
  }
};

/** The forms a server may echo a secret in: as sent, percent-encoded, form-encoded, JSON-escaped. */
function encodings(secret: string): (string | undefined)[] {
  return [
    secret,
    tryEncode(encodeURIComponent, secret),
    tryEncode(encodeURI, secret),
    tryEncode((s) => new URLSearchParams([['', s]]).toString().slice(1), secret),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/**
 * The secret values of one call (or one provider), each with the encodings a server may echo it
 * in. `redact` replaces every occurrence, longest first, by `[REDACTED]`.
 */
export class SecretSet {
  readonly #forms = new Set<string>();
  #sorted: string[] | undefined;

  get size(): number {
    return this.#forms.size;
  }

  /** Adds secret values; anything but a string of 4 characters or more is ignored. */
  add(...secrets: readonly unknown[]): this {
    for (const secret of secrets) {
      if (typeof secret !== 'string' || secret.length < MIN_LENGTH) continue;
      for (const form of encodings(secret)) {
        if (form && form.length >= MIN_LENGTH && !this.#forms.has(form)) {
          this.#forms.add(form);
          this.#sorted = undefined;
        }
      }
    }
    return this;
  }

  /**
   * Adds a credential header's value and its parts: the credential after an auth scheme
   * (`Bearer x` → `x`), the `user:password` and password of a Basic value, each cookie and its
   * value.
   */
  addHeaderValue(value: string): this {
    this.add(value);
    const scheme = /^([A-Za-z][\w!#$%&'*+.^`|~-]*)\s+(\S.*)$/.exec(value);
    if (scheme) {
      const credential = scheme[2] as string;
      this.add(credential);
      if (scheme[1]?.toLowerCase() === 'basic') {
        const decoded = decodeBase64(credential);
        if (decoded !== undefined) this.add(decoded, decoded.slice(decoded.indexOf(':') + 1));
      }
    }
    if (value.includes('=')) {
      for (const pair of value.split(';')) {
        const trimmed = pair.trim();
        this.add(trimmed, trimmed.slice(trimmed.indexOf('=') + 1));
      }
    }
    return this;
  }

  /** `text` with every known secret replaced by `[REDACTED]`. */
  redact(text: string): string {
    if (this.#forms.size === 0 || text.length < MIN_LENGTH) return text;
    this.#sorted ??= [...this.#forms].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of this.#sorted) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

function decodeBase64(text: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
    );
  } catch {
    return undefined;
  }
}
