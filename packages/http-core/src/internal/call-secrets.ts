import type { AuthProvider } from '../auth/auth-provider.js';
import { isSecretHeader, redactUrl, secretsInUrl } from '../redact.js';
import { scrubError } from './scrub.js';
import { SecretSet } from './secret-set.js';

/** Where the secrets of one call come from; read again whenever they are needed. */
export interface SecretSources {
  auth: AuthProvider | undefined;
  /** The call's own headers, as the auth provider left them. */
  headers: Headers;
  /** The call's own URL, as the auth provider left it. */
  url: URL;
  /** Values the caller marked secret (`secrets`) and credentials taken from the URL. */
  extra: readonly string[];
  /** Header names, lower case, whose values are secret besides the usual credential headers. */
  secretHeaders: ReadonlySet<string> | undefined;
}

/**
 * The secrets of one call: the auth provider's, the values of credential headers sent (the
 * provider's and the caller's), token-like query parameters, URL credentials and the caller's
 * `secrets`. Collected lazily (on a log event or an error), and kept across attempts so that a
 * token replaced by a refresh stays redacted too.
 */
export class CallSecrets {
  readonly #set = new SecretSet();
  readonly #sources: SecretSources;
  #href: string | undefined;
  #safeUrl = '';

  constructor(sources: SecretSources) {
    this.#sources = sources;
  }

  collect(): SecretSet {
    const { auth, headers, url, extra, secretHeaders } = this.#sources;
    const set = this.#set;
    set.add(...extra, ...secretsInUrl(url));
    const fromAuth = auth?.secrets?.();
    if (fromAuth) set.add(...fromAuth);
    for (const [name, value] of headers) {
      if (isSecretHeader(name) || secretHeaders?.has(name)) set.addHeaderValue(value);
    }
    return set;
  }

  /** The call's URL as errors and log events show it. */
  url(): string {
    const href = this.#sources.url.href;
    if (href !== this.#href) {
      this.#safeUrl = this.collect().redact(redactUrl(href));
      this.#href = href;
    }
    return this.#safeUrl;
  }

  /** The error with every secret of the call cut out of it (in place), see {@link scrubError}. */
  scrub<E>(error: E): E {
    return scrubError(error, this.collect());
  }
}
