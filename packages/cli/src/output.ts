import { once } from "node:events";

const FLUSH_AT = 1 << 16;

/**
 * Buffered writes to a stream that wait for "drain", so long listings stream with flat memory.
 * A closed pipe (`baton grants | head`) surfaces as an EPIPE error from write/flush.
 */
export class Output {
  readonly #stream: NodeJS.WritableStream;
  #buffer = "";

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
  }

  async write(text: string): Promise<void> {
    this.#buffer += text;
    if (this.#buffer.length >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#buffer === "") return;
    const chunk = this.#buffer;
    this.#buffer = "";
    if (!this.#stream.write(chunk)) await once(this.#stream, "drain");
  }
}
