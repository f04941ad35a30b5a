// Decompression bombs: a small .c1z whose payload is huge. The reader checks the SQLite header on the
// first decompressed bytes and stops at a size limit, writing its temporary copy with mode 0600.
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { constants as z, zstdCompressSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.js";
import { BatonError, Code } from "../../src/errors.js";
import { fixture, tempDir } from "./helpers.js";

const MiB = 1 << 20;
const C1ZF = Buffer.from("C1ZF\0", "latin1");

/** C1ZF + zstd frames of `size` bytes that start with `head` and are zero after it. */
function bombFile(
  size: number,
  head: Buffer = Buffer.alloc(0),
  opts: { contentSize?: boolean } = {},
): string {
  const frames: Buffer[] = [C1ZF];
  const chunk = 16 * MiB;
  for (let at = 0; at < size; at += chunk) {
    const part = Buffer.alloc(Math.min(chunk, size - at));
    if (at === 0) head.copy(part);
    frames.push(zstdCompressSync(part, { params: { [z.ZSTD_c_contentSizeFlag]: opts.contentSize ? 1 : 0 } }));
  }
  const path = join(tempDir(), "bomb.c1z");
  writeFileSync(path, Buffer.concat(frames));
  return path;
}

/** The first 100 bytes of a SQLite database of 4096-byte pages that declares `pages` pages. */
function sqliteHeader(pages: number): Buffer {
  const h = Buffer.alloc(100);
  h.write("SQLite format 3\0", 0, "latin1");
  h.writeUInt16BE(4096, 16);
  h.writeUInt32BE(7, 24); // file change counter
  h.writeUInt32BE(pages, 28);
  h.writeUInt32BE(7, 92); // version-valid-for = change counter: the page count is valid
  return h;
}

/** Runs `fn` while sampling the bytes under `dir` every 2 ms; returns its error and the peak. */
async function watch(dir: string, fn: () => Promise<unknown>): Promise<{ error: BatonError; peak: number }> {
  let peak = 0;
  const sample = () => {
    let total = 0;
    for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
      if (e.isFile())
        try {
          total += statSync(join(e.parentPath, e.name)).size;
        } catch {}
    peak = Math.max(peak, total);
  };
  const timer = setInterval(sample, 2);
  try {
    const error = await fn().then(
      () => {
        throw new Error("expected an error");
      },
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BatonError);
    expect((error as BatonError).describe()).not.toContain("\n");
    return { error: error as BatonError, peak };
  } finally {
    clearInterval(timer);
    sample();
  }
}

const savedEnv = process.env.BATON_DECODER_MAX_DECODED_SIZE_MB;
afterEach(() => {
  if (savedEnv === undefined) delete process.env.BATON_DECODER_MAX_DECODED_SIZE_MB;
  else process.env.BATON_DECODER_MAX_DECODED_SIZE_MB = savedEnv;
});

describe("decompression bombs", () => {
  it("a payload that is not SQLite is refused on its first bytes, not after decompressing it all", async () => {
    const path = bombFile(256 * MiB);
    expect(statSync(path).size).toBeLessThan(64 * 1024);
    const tmp = tempDir();
    const { error, peak } = await watch(tmp, () => openC1z(path, { tmpDir: tmp }));
    expect(error.message).toBe("bomb.c1z has a c1z header but its content is not a SQLite database");
    expect(peak).toBeLessThan(MiB);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("stops at the size limit (maxDecompressedBytes), leaving nothing behind", async () => {
    const path = bombFile(64 * MiB, sqliteHeader((64 * MiB) / 4096));
    const tmp = tempDir();
    const { error, peak } = await watch(tmp, () =>
      openC1z(path, { tmpDir: tmp, maxDecompressedBytes: 8 * MiB }),
    );
    expect(error.code).toBe(Code.ResourceExhausted);
    expect(error.message).toBe("bomb.c1z holds a database of 64 MiB, more than the limit of 8 MiB");
    expect(error.hint).toMatch(/BATON_DECODER_MAX_DECODED_SIZE_MB/);
    expect(peak).toBeLessThanOrEqual(8 * MiB + MiB);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("stops at the limit also when neither zstd nor SQLite declare the size", async () => {
    const path = bombFile(64 * MiB, sqliteHeader(0));
    const tmp = tempDir();
    const { error, peak } = await watch(tmp, () =>
      openC1z(path, { tmpDir: tmp, maxDecompressedBytes: 8 * MiB }),
    );
    expect(error.code).toBe(Code.ResourceExhausted);
    expect(error.message).toBe("bomb.c1z decompresses to more than the limit of 8 MiB");
    expect(peak).toBeLessThanOrEqual(8 * MiB + MiB);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("refuses a zstd frame that declares more than the limit before decompressing anything", async () => {
    const path = bombFile(32 * MiB, sqliteHeader(0), { contentSize: true });
    const tmp = tempDir();
    const { error, peak } = await watch(tmp, () =>
      openC1z(path, { tmpDir: tmp, maxDecompressedBytes: 8 * MiB }),
    );
    expect(error.message).toBe("bomb.c1z holds a database of 32 MiB, more than the limit of 8 MiB");
    expect(peak).toBe(0);
  });

  it("takes the limit from $BATON_DECODER_MAX_DECODED_SIZE_MB (MiB), as the Go SDK does; writers too", async () => {
    const path = bombFile(64 * MiB, sqliteHeader(0));
    process.env.BATON_DECODER_MAX_DECODED_SIZE_MB = "4";
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => new BatonError(Code.OK, "opened"),
        (x: unknown) => x as BatonError,
      );
    const e = await failure(openC1z(path));
    expect(e.message).toBe("bomb.c1z decompresses to more than the limit of 4 MiB");
    const w = await failure(openC1zForWrite(path));
    expect(w.message).toBe("bomb.c1z decompresses to more than the limit of 4 MiB");
    process.env.BATON_DECODER_MAX_DECODED_SIZE_MB = "lots";
    const bad = await failure(openC1z(path));
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.describe()).toBe(
      '$BATON_DECODER_MAX_DECODED_SIZE_MB must be a whole number of MiB, got "lots" (e.g. 20480 for 20 GiB)',
    );
  });

  it("real files open under a limit just above their size", async () => {
    const path = fixture("go-unexpanded.c1z");
    const store = await openC1z(path, { maxDecompressedBytes: 4 * MiB });
    expect(store.selectSync().id).toBe("36zfOAoWMxQdISbixanQCRBiX7E");
    store.close();
  });

  it("the temporary copy is private: directory 0700, file 0600", async () => {
    const tmp = tempDir();
    const store = await openC1z(fixture("go-unexpanded.c1z"), { tmpDir: tmp });
    try {
      const [dir] = readdirSync(tmp);
      expect(statSync(join(tmp, dir!)).mode & 0o777).toBe(0o700);
      expect(statSync(join(tmp, dir!, "db")).mode & 0o777).toBe(0o600);
    } finally {
      store.close();
    }
    expect(readdirSync(tmp)).toEqual([]);
  });
});

it("the limit is generous by default: 10 GiB, as the Go SDK's reader", async () => {
  const { DEFAULT_MAX_DECOMPRESSED_BYTES } = await import("../../src/c1z/index.js");
  expect(DEFAULT_MAX_DECOMPRESSED_BYTES).toBe(10 * 1024 * MiB);
});
