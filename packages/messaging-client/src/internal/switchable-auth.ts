import type { AuthContext, AuthProvider } from '@connectorkit/http-core';

export interface SwitchableAuth {
  /** The provider to give the HTTP client once. */
  readonly provider: AuthProvider;
  /** Replaces the credentials every attempt from now on uses. */
  use(next: AuthProvider): void;
}

/**
 * An auth provider whose credentials can be replaced at run time (`assignToken`): every attempt
 * uses the provider in place when it starts. The secrets of every provider ever used stay
 * redacted, as an old token may still come back in an answer. `refresh` exists only while the
 * provider in place has one (a static token has none: a 401 is then the caller's).
 */
export function switchableAuth(initial: AuthProvider): SwitchableAuth {
  let current = initial;
  const all = [initial];
  const provider = {
    type: 'ams',
    authenticate: (target, context) => current.authenticate(target, context),
    secrets: () => all.flatMap((p) => p.secrets?.() ?? []),
  } as AuthProvider;
  Object.defineProperty(provider, 'refresh', {
    enumerable: true,
    get: () => {
      const refresh = current.refresh?.bind(current);
      return refresh ? (context: AuthContext) => refresh(context) : undefined;
    },
  });
  return {
    provider,
    use(next) {
      current = next;
      all.push(next);
    },
  };
}
