/** gRPC status codes: the exit status of a failed connector run is the code's number. */
export const Code = {
  OK: 0,
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  OutOfRange: 11,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  DataLoss: 15,
  Unauthenticated: 16,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const codeNames = Object.fromEntries(Object.entries(Code).map(([k, v]) => [v, k])) as Record<Code, string>;
export const codeName = (code: Code): string => codeNames[code] ?? "Unknown";

export interface BatonErrorOptions {
  /** What the user can do about it, printed after the message. */
  hint?: string;
  /** For Unavailable / ResourceExhausted errors: how long the server asked us to wait. */
  retryAfterMs?: number;
  /**
   * The vendor certainly did not act on the request: it never left this machine (connection refused,
   * a rate-limit wait refused before sending) or the vendor turned it away unprocessed (429). Only then
   * is a write safe to send again.
   */
  notProcessed?: boolean;
  cause?: unknown;
}

/**
 * The one error type the SDK reports to users. Its message is one line that says what is wrong;
 * `hint` says what to do. Messages never contain secrets (the logger and CLI redact them again).
 */
export class BatonError extends Error {
  override readonly name = "BatonError";
  readonly code: Code;
  readonly hint: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** See BatonErrorOptions.notProcessed; false when the vendor may have acted on the request. */
  readonly notProcessed: boolean;

  constructor(code: Code, message: string, options: BatonErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.retryAfterMs = options.retryAfterMs;
    this.notProcessed = options.notProcessed === true;
  }

  /** Message plus hint, as printed on the command line. */
  describe(): string {
    return this.hint ? `${this.message} (${this.hint})` : this.message;
  }
}

export const isBatonError = (e: unknown): e is BatonError => e instanceof BatonError;

/** Retryable by the sync engine: Unavailable and DeadlineExceeded, as the Go syncer does. */
export const isRetryable = (e: unknown): boolean =>
  isBatonError(e) && (e.code === Code.Unavailable || e.code === Code.DeadlineExceeded);

/** A retryable error of a request the vendor certainly did not act on: a write may be sent again. */
export const isRetryableWrite = (e: unknown): boolean => isRetryable(e) && (e as BatonError).notProcessed;

/** Wraps anything thrown into a BatonError (non-Baton errors become Unknown). */
export function toBatonError(e: unknown): BatonError {
  if (isBatonError(e)) return e;
  if (e instanceof Error && e.name === "AbortError")
    return new BatonError(Code.Canceled, "cancelled", { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new BatonError(Code.Unknown, message, { cause: e });
}
