import { type HttpClient, REDACTED, redactSecrets, redactUrl } from '@connectorkit/http-core';
import { base64Utf8 } from './base64.js';

/**
 * The secrets that errors this package makes itself (not http-core) must not show: the auth
 * provider's (password, session cookie, token), read again at each error since a cookie or token
 * changes, and credentials in the client's URL.
 */
export interface AnswerSecrets {
  /** Removes every secret from a text. */
  redact(text: string): string;
  /** A URL as errors show it: credentials and secrets removed. */
  url(path: string): string;
}

export function answerSecrets(http: HttpClient): AnswerSecrets {
  const { auth, baseUrl } = http.options;
  const fromUrl: string[] = [];
  try {
    const url = new URL(baseUrl ?? '');
    if (url.password) {
      const user = decodeURIComponent(url.username);
      const password = decodeURIComponent(url.password);
      fromUrl.push(url.password, password, base64Utf8(`${user}:${password}`));
    }
  } catch {
    // No URL, or one the client refused already: nothing to collect.
  }
  const redact = (text: string) => redactSecrets(text, [...fromUrl, ...(auth?.secrets?.() ?? [])]);
  return {
    redact,
    url: (path) =>
      redact(redactUrl(`${baseUrl ?? ''}${path}`)).replace(/\/\/[^/@]*@/, `//${REDACTED}@`),
  };
}
