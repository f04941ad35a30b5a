/** The secret values the runner must never print: credentials, and session tokens as they appear. */
export class Secrets {
  readonly #values = new Set<string>();

  add(value: string | undefined): void {
    const v = value?.trim();
    if (v) this.#values.add(v);
  }

  /** `text` with every known secret replaced by [REDACTED], longest first. */
  redact(text: string): string {
    const values = [...this.#values].sort((a, b) => b.length - a.length);
    return values.reduce((out, v) => out.replaceAll(v, "[REDACTED]"), text);
  }
}
