import { redact } from "./http/redact.js";

/**
 * The secret values of one run: configured credentials and every token issued while it runs. One set
 * is shared by the logger, the CLI's error output, the runtime and every HTTP client, and each of them
 * reads it live, so a value added later (a fresh OAuth access token, a session token) is redacted
 * from then on everywhere.
 */
export class SecretSet implements Iterable<string> {
  readonly #values = new Set<string>();

  constructor(values: Iterable<string | undefined> = []) {
    for (const v of values) this.add(v);
  }

  /** Adds values to redact; empty and whitespace-only values are ignored. */
  add(...values: (string | undefined)[]): void {
    for (const value of values) {
      const v = value?.trim();
      if (v) this.#values.add(v);
    }
  }

  has(value: string): boolean {
    return this.#values.has(value.trim());
  }

  get size(): number {
    return this.#values.size;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.#values.values();
  }

  /** `text` with every value (and its URL-encoded form) replaced by `[REDACTED]`. */
  redact(text: string): string {
    return redact(text, this.#values);
  }
}

/** The given set itself (so that additions stay shared), or a new set of the values. */
export const toSecretSet = (values: Iterable<string | undefined> | undefined): SecretSet =>
  values instanceof SecretSet ? values : new SecretSet(values ?? []);
