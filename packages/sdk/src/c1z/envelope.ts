import { createReadStream, createWriteStream, constants as fsc } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { createZstdCompress, createZstdDecompress, constants as z } from "node:zlib";
import { BatonError, Code } from "../errors.js";

// c1z-format.md §1.1 / §1.2.
export const C1ZF_MAGIC = Buffer.from("C1ZF\0", "latin1");
export const C1Z3_MAGIC = Buffer.from("C1Z3\0", "latin1");
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
export const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** zstd level 3 = library default, window 2 MiB for large inputs (well under the 8 MiB rule). */
export const ZSTD_LEVEL = 3;

const display = (path: string) => basename(path);

/** Reads the first bytes of `path` and rejects anything that is not a v1 c1z, with a one-line error. */
export async function checkC1zHeader(path: string): Promise<void> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, fsc.O_RDONLY);
  } catch (e) {
    throw openError(path, e);
  }
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    const h = head.subarray(0, bytesRead);
    const name = display(path);
    if (bytesRead === 0)
      throw new BatonError(Code.InvalidArgument, `${name} is empty (0 bytes), not a c1z file`, {
        hint: "run a sync to produce it, or choose another --file",
      });
    if (h.subarray(0, 5).equals(C1ZF_MAGIC)) return;
    if (h.subarray(0, 5).equals(C1Z3_MAGIC)) throw pebbleError(path);
    if (h.equals(SQLITE_MAGIC))
      throw new BatonError(
        Code.InvalidArgument,
        `${name} is a plain SQLite database, not a c1z (no C1ZF header)`,
        {
          hint: "open it with sqlite3, or pass the .c1z file the connector wrote",
        },
      );
    if (h.subarray(0, 4).equals(ZSTD_MAGIC))
      throw new BatonError(
        Code.InvalidArgument,
        `${name} is a bare zstd stream, not a c1z (no C1ZF header)`,
        {
          hint: "pass the .c1z file the connector wrote",
        },
      );
    throw new BatonError(Code.InvalidArgument, `${name} is not a c1z file (it does not start with C1ZF)`, {
      hint: "pass the .c1z file a Baton connector wrote (-f/--file)",
    });
  } finally {
    await fh.close();
  }
}

export function pebbleError(path: string): BatonError {
  return new BatonError(
    Code.FailedPrecondition,
    `${display(path)} is a v3 (Pebble) c1z written by baton-sdk ≥ 0.25, which this SDK cannot read`,
    { hint: "rerun the connector with --storage-engine sqlite, or inspect it with the Go baton CLI" },
  );
}

export const isPebbleError = (e: unknown): boolean =>
  e instanceof BatonError && e.code === Code.FailedPrecondition && e.message.includes("v3 (Pebble)");

function openError(path: string, e: unknown): BatonError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return new BatonError(Code.NotFound, `${display(path)} does not exist`, {
      hint: `check the path ${path} (-f/--file)`,
      cause: e,
    });
  if (code === "EISDIR")
    return new BatonError(Code.InvalidArgument, `${display(path)} is a directory, not a c1z file`, {
      cause: e,
    });
  return new BatonError(Code.PermissionDenied, `cannot read ${path}: ${code ?? String(e)}`, { cause: e });
}

/**
 * Decompresses the c1z at `path` into a new file `dest` (mode 0600), streaming. Accepts frames with
 * and without Frame_Content_Size and concatenated frames. `path` is only ever opened read-only.
 */
export async function decompressC1z(path: string, dest: string): Promise<void> {
  await checkC1zHeader(path);
  try {
    await pipeline(
      createReadStream(path, { start: C1ZF_MAGIC.length }),
      createZstdDecompress(),
      createWriteStream(dest, { flags: "wx", mode: 0o600 }),
    );
  } catch (e) {
    const detail = (e as Error).message;
    throw new BatonError(Code.DataLoss, `${display(path)} is a truncated or damaged c1z (zstd: ${detail})`, {
      hint: "the file was probably cut off during copy or upload; produce it again",
      cause: e,
    });
  }
  const head = Buffer.alloc(16);
  const fh = await open(dest, fsc.O_RDONLY);
  try {
    const { bytesRead } = await fh.read(head, 0, 16, 0);
    if (bytesRead < 16 || !head.equals(SQLITE_MAGIC))
      throw new BatonError(
        Code.InvalidArgument,
        `${display(path)} has a c1z header but its content is not a SQLite database`,
        { hint: "it was not written by a Baton SDK; produce it again with the connector" },
      );
  } finally {
    await fh.close();
  }
}

/**
 * Writes `C1ZF\0` + one zstd frame with Frame_Content_Size and content checksum of `src` to `dest`
 * atomically: `<dest>.tmp` (mode 0600) → fsync → rename → fsync of the directory (§1.1).
 */
export async function compressToC1z(src: string, dest: string): Promise<void> {
  const tmp = `${dest}.tmp`;
  const { size } = await stat(src);
  await rm(tmp, { force: true });
  try {
    await pipeline(
      createReadStream(src, { highWaterMark: 1 << 20 }),
      createZstdCompress({
        pledgedSrcSize: size,
        params: {
          [z.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
          [z.ZSTD_c_checksumFlag]: 1,
          [z.ZSTD_c_contentSizeFlag]: 1,
        },
      }),
      async function* (frame: AsyncIterable<Buffer>) {
        yield C1ZF_MAGIC;
        yield* frame;
      },
      // `flush` fsyncs the file before it is closed.
      createWriteStream(tmp, { flags: "wx", mode: 0o600, flush: true }),
    );
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await rename(tmp, dest);
  const dir = await open(dirname(dest), fsc.O_RDONLY);
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
