// The one way this connector runs `op`: no shell, arguments as an array, secrets only on stdin or in
// the child's environment, a timeout per command, stdout validated with zod, failures as BatonErrors
// that quote op's stderr with every secret removed.
import { type ExecFileException, execFile } from "node:child_process";
import { BatonError, Code, type Logger, type SecretSet, type z } from "@baton/sdk";

/** The environment variables that authenticate a command, and how recent they are. */
export interface Session {
  env: Record<string, string>;
  /** 1 for the first sign-in of the run, 2 for the next, …; 0 for credentials that never change. */
  generation: number;
}

/** How data commands authenticate: user sessions (renewable) or a service account token. */
export interface Auth {
  /** The current session; signs in on first use. */
  session(): Promise<Session>;
  /**
   * op rejected `used`: a newer session to run the command with (signing in when `used` is the
   * current one), or undefined when there is none to be had.
   */
  renew(used: Session): Promise<Session | undefined>;
  /** Why renew() gave up, for the error's hint. */
  readonly exhausted?: string;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string>;
  auth?: Auth;
}

export interface OpRunnerOptions {
  /** The op executable: a path, or a name looked up on PATH. */
  opPath: string;
  log: Logger;
  /** Redacted from every message; sign-in adds the session tokens it gets. */
  secrets: SecretSet;
  /** Per command (the run's --http-timeout-seconds); default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * The environment op inherits (default process.env), minus op's own credential variables and every
   * BATON_* variable (the connector's settings, its password and Secret Key among them).
   */
  baseEnv?: NodeJS.ProcessEnv;
}

export const DEFAULT_TIMEOUT_MS = 120_000;
export const INSTALL_HINT = "install the 1Password CLI 2.x and put it on PATH, or set --op-path";

// What op 2.x prints on stderr when 1Password's servers could not be reached or answered a transient
// error: `(429) Too Many Requests: …` (1Password did not act), `(503) Service Unavailable: …`, a
// dropped connection or a network timeout. A read is tried again; a write only after a 429.
const RATE_LIMITED = /\(429\) Too Many Requests/i;
const TRANSIENT = [
  RATE_LIMITED,
  /\(50[0234]\) /,
  /connection reset|connection refused|broken pipe|i\/o timeout|TLS handshake timeout|unexpected EOF/i,
];

// What op 2.x prints on stderr when a session token is missing, expired or revoked.
const SESSION_ERRORS = [
  /no active session/i,
  /session expired/i,
  /not currently signed in/i,
  /invalid session token/i,
];
// Credentials op reads from the environment: the runner passes only the ones a command needs. The
// connector's own BATON_* settings (BATON_PASSWORD, BATON_SECRET_KEY, their _FILE paths) are none of
// op's business.
const WITHHELD_ENV = /^(OP_SERVICE_ACCOUNT_TOKEN|OP_SECRET_KEY|OP_SESSION_.*|OP_ACCOUNT|BATON_.*)$/;
const MAX_OUTPUT = 256 * 1024 * 1024;

export class OpRunner {
  readonly secrets: SecretSet;
  readonly #o: OpRunnerOptions;
  readonly #baseEnv: NodeJS.ProcessEnv;

  constructor(options: OpRunnerOptions) {
    this.#o = options;
    this.secrets = options.secrets;
    this.#baseEnv = Object.fromEntries(
      Object.entries(options.baseEnv ?? process.env).filter(([k]) => !WITHHELD_ENV.test(k)),
    );
  }

  /**
   * Runs op and returns its stdout. With `auth`, a command whose session op rejects runs again with
   * a newer one, however often: commands in flight together all fail when their session expires, and
   * the new session may expire before each has run again. What bounds it is the number of sign-ins
   * the auth allows in a run.
   */
  async text(args: string[], o: RunOptions = {}): Promise<string> {
    if (!o.auth) return this.#exec(args, o.env ?? {}, o.stdin);
    let session = await o.auth.session();
    for (;;) {
      try {
        return await this.#exec(args, { ...o.env, ...session.env }, o.stdin);
      } catch (e) {
        if (!isSessionError(e)) throw e;
        const next = await o.auth.renew(session);
        if (!next) {
          const err = e as BatonError;
          throw o.auth.exhausted ? new BatonError(err.code, err.message, { hint: o.auth.exhausted }) : err;
        }
        this.#o.log.debug("op rejected the session: running the command again", {
          command: this.label(args),
          session: next.generation,
        });
        session = next;
      }
    }
  }

  /** Runs a command that only reads and validates its JSON output; output cut off is asked for again, once. */
  async json<S extends z.ZodType>(args: string[], schema: S, o: RunOptions = {}): Promise<z.output<S>> {
    let value: unknown;
    for (let attempt = 1; ; attempt++) {
      const out = await this.text(args, o);
      try {
        value = JSON.parse(out);
        break;
      } catch (e) {
        if (attempt < 2) continue;
        throw new BatonError(
          Code.Internal,
          this.secrets.redact(`${this.label(args)}: output is not JSON (${(e as Error).message})`),
        );
      }
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw new BatonError(
      Code.Internal,
      `${this.label(args)}: unexpected output: ${describeIssues(parsed.error)}`,
    );
  }

  /** The command as shown in messages: `op user list`. Arguments never carry secrets. */
  label(args: string[]): string {
    return this.secrets.redact(["op", ...args.filter((a) => a !== "--format=json")].join(" "));
  }

  #exec(args: string[], env: Record<string, string>, stdin: string | undefined): Promise<string> {
    const timeout = this.#o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#o.log.debug("running op", { command: this.label(args) });
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.#o.opPath,
        args,
        {
          env: { ...this.#baseEnv, ...env },
          timeout,
          killSignal: "SIGKILL",
          maxBuffer: MAX_OUTPUT,
          signal: this.#o.signal,
          encoding: "utf8",
          windowsHide: true,
        },
        (err, stdout, stderr) => (err ? reject(this.#failure(args, err, stderr, timeout)) : resolve(stdout)),
      );
      // op may exit before reading stdin; the exit status then tells what happened.
      child.stdin?.on("error", () => {});
      child.stdin?.end(stdin);
    });
  }

  #failure(args: string[], err: ExecFileException, stderr: string, timeout: number): BatonError {
    const label = this.label(args);
    const opPath = this.#o.opPath;
    if (err.name === "AbortError") return new BatonError(Code.Canceled, `${label}: cancelled`);
    if (err.code === "ENOENT")
      return new BatonError(Code.FailedPrecondition, `1Password CLI not found: "${opPath}"`, {
        hint: INSTALL_HINT,
      });
    if (err.code === "EACCES")
      return new BatonError(Code.FailedPrecondition, `1Password CLI is not executable: "${opPath}"`, {
        hint: INSTALL_HINT,
      });
    if (err.killed)
      return new BatonError(Code.DeadlineExceeded, `${label}: timed out after ${timeout / 1000}s`);
    if (err.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER")
      return new BatonError(Code.ResourceExhausted, `${label}: output larger than ${MAX_OUTPUT} bytes`);
    const message = this.secrets.redact(cleanStderr(stderr)) || "(no output on stderr)";
    const text = `${label} failed (exit ${err.code ?? err.signal}): ${message}`;
    if (SESSION_ERRORS.some((re) => re.test(message))) return new BatonError(Code.Unauthenticated, text);
    if (TRANSIENT.some((re) => re.test(message)))
      return new BatonError(Code.Unavailable, text, { notProcessed: RATE_LIMITED.test(message) });
    return new BatonError(Code.Unknown, text);
  }
}

/** op's stderr without its "[ERROR] 2024/01/02 03:04:05 " prefixes, on one line. */
function cleanStderr(stderr: string): string {
  return stderr
    .split("\n")
    .map((l) => l.replace(/^\[ERROR\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, "").trim())
    .filter(Boolean)
    .join(" ");
}

/** Zod issues on one line: `[1].id: Invalid input: expected string, received undefined`. */
function describeIssues(error: z.ZodError): string {
  const where = (path: PropertyKey[]) =>
    path
      .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
      .join("")
      .replace(/^\./, "") || "output";
  return error.issues.map((i) => `${where(i.path)}: ${i.message}`).join("; ");
}

const isSessionError = (e: unknown) => e instanceof BatonError && e.code === Code.Unauthenticated;
