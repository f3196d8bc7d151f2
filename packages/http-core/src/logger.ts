/** A structured event from the HTTP layer. URLs are redacted; no event carries a secret. */
export type HttpLogEvent =
  | { type: 'request'; method: string; url: string; attempt: number }
  | {
      type: 'response';
      method: string;
      url: string;
      status: number;
      attempt: number;
      durationMs: number;
    }
  | {
      type: 'retry';
      method: string;
      url: string;
      retryCount: number;
      delayMs: number;
      reason: string;
    }
  | { type: 'auth-refresh'; provider: string; reason: 'expiry' | 'unauthorized' | 'initial' }
  | { type: 'error'; method: string; url: string; message: string };

/** Receives every {@link HttpLogEvent}; keep it cheap, it runs on the request path. */
export type HttpLogger = (event: HttpLogEvent) => void;
