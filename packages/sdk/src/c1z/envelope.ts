import { createReadStream, createWriteStream, constants as fsc } from "node:fs";
import { open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { pipeline } from "node:stream/promises";
import { createZstdCompress, createZstdDecompress, constants as z } from "node:zlib";
import { BatonError, Code } from "../errors.js";
import { removeOnExit } from "../tempfiles.js";

// A v1 c1z is `C1ZF\0` + zstd of a SQLite database; a v3 one (Pebble) starts with `C1Z3\0`.
const C1ZF_MAGIC = Buffer.from("C1ZF\0", "latin1");
const C1Z3_MAGIC = Buffer.from("C1Z3\0", "latin1");
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");

/** zstd level 3 = library default, window 2 MiB for large inputs (well under the 8 MiB rule). */
const ZSTD_LEVEL = 3;

const display = (path: string) => basename(path);

/** Reads the first bytes of `path` and rejects anything that is not a v1 c1z, with a one-line error. */
async function checkC1zHeader(path: string): Promise<void> {
  const head = Buffer.alloc(16);
  let bytesRead: number;
  try {
    const fh = await open(path, fsc.O_RDONLY);
    try {
      ({ bytesRead } = await fh.read(head, 0, 16, 0));
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw openError(path, e);
  }
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
    throw new BatonError(Code.InvalidArgument, `${name} is a bare zstd stream, not a c1z (no C1ZF header)`, {
      hint: "pass the .c1z file the connector wrote",
    });
  throw new BatonError(Code.InvalidArgument, `${name} is not a c1z file (it does not start with C1ZF)`, {
    hint: "pass the .c1z file a Baton connector wrote (-f/--file)",
  });
}

const pebbleErrors = new WeakSet<object>();

function pebbleError(path: string): BatonError {
  const e = new BatonError(
    Code.FailedPrecondition,
    `${display(path)} is a v3 (Pebble) c1z written by baton-sdk ≥ 0.25, which this SDK cannot read`,
    { hint: "rerun the connector with --storage-engine sqlite, or inspect it with the Go baton CLI" },
  );
  pebbleErrors.add(e);
  return e;
}

/** Whether decompressC1z failed because the file is a v3 (Pebble) c1z. */
export const isPebbleError = (e: unknown): boolean =>
  typeof e === "object" && e !== null && pebbleErrors.has(e);

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

/** The default limit of a c1z's decompressed size: 10 GiB, as in the Go SDK's current reader. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 10 * 1024 ** 3;
/** The Go SDK's variable for that limit, in MiB. */
export const MAX_DECOMPRESSED_ENV = "BATON_DECODER_MAX_DECODED_SIZE_MB";

/**
 * The decompressed-size limit: `explicit` when given, else `$BATON_DECODER_MAX_DECODED_SIZE_MB`
 * (MiB), else {@link DEFAULT_MAX_DECOMPRESSED_BYTES}.
 */
export function maxDecompressedBytes(
  explicit?: number,
  env: Record<string, string | undefined> = process.env,
): number {
  if (explicit !== undefined) {
    if (!Number.isSafeInteger(explicit) || explicit <= 0)
      throw new BatonError(
        Code.InvalidArgument,
        `the decompressed-size limit must be a positive number of bytes, got ${explicit}`,
      );
    return explicit;
  }
  const raw = env[MAX_DECOMPRESSED_ENV]?.trim();
  if (raw === undefined || raw === "") return DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (!/^[1-9][0-9]{0,9}$/.test(raw))
    throw new BatonError(
      Code.InvalidArgument,
      `$${MAX_DECOMPRESSED_ENV} must be a whole number of MiB, got ${JSON.stringify(raw)}`,
      {
        hint: "e.g. 20480 for 20 GiB",
      },
    );
  return Number(raw) * 1024 ** 2;
}

/** `8 MiB`, `10 GiB`, `1.5 GiB`: sizes in error messages. */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

const limitErrors = new WeakSet<object>();

function limitError(path: string, message: string): BatonError {
  const e = new BatonError(Code.ResourceExhausted, `${display(path)} ${message}`, {
    hint: `if the file is genuine, raise the limit with $${MAX_DECOMPRESSED_ENV} (in MiB)`,
  });
  limitErrors.add(e);
  return e;
}

/** Whether decompressC1z refused the file for its size (a CLI may name its own option in the hint). */
export const isDecompressionLimitError = (e: unknown): e is BatonError =>
  typeof e === "object" && e !== null && limitErrors.has(e);

/**
 * The size a SQLite database header declares (page size × page count), when it is valid: SQLite
 * trusts the page count only when the change counter (offset 24) equals version-valid-for (92).
 */
function declaredDatabaseSize(header: Buffer): number | undefined {
  if (header.length < 100) return undefined;
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = header.readUInt32BE(28);
  if (pages === 0 || header.readUInt32BE(24) !== header.readUInt32BE(92)) return undefined;
  return pageSize * pages;
}

/**
 * Checks the decompressed bytes as they stream: the SQLite header on the first 100 bytes (so a
 * payload that is not a database is refused before the rest is decompressed), then the running size
 * against `limit`.
 */
class PayloadGuard {
  #head: Buffer[] = [];
  #headBytes = 0;
  #checked = false;
  total = 0;

  constructor(
    private readonly path: string,
    private readonly limit: number,
  ) {}

  #notSqlite(): BatonError {
    return new BatonError(
      Code.InvalidArgument,
      `${display(this.path)} has a c1z header but its content is not a SQLite database`,
      { hint: "it was not written by a Baton SDK; produce it again with the connector" },
    );
  }

  #checkHead(final: boolean): void {
    if (this.#checked || (this.#headBytes < 100 && !final)) return;
    this.#checked = true;
    const head = Buffer.concat(this.#head);
    this.#head = [];
    if (head.length < 16 || !head.subarray(0, 16).equals(SQLITE_MAGIC)) throw this.#notSqlite();
    const declared = declaredDatabaseSize(head);
    if (declared !== undefined && declared > this.limit)
      throw limitError(
        this.path,
        `holds a database of ${formatBytes(declared)}, more than the limit of ${formatBytes(this.limit)}`,
      );
  }

  chunk(data: Buffer): void {
    this.total += data.length;
    if (!this.#checked) {
      this.#head.push(data);
      this.#headBytes += data.length;
      this.#checkHead(false);
    }
    if (this.total > this.limit)
      throw limitError(this.path, `decompresses to more than the limit of ${formatBytes(this.limit)}`);
  }

  end(): void {
    this.#checkHead(true);
  }
}

/**
 * Decompresses the c1z at `path` into a new file `dest` (mode 0600), streaming. Accepts frames with
 * and without Frame_Content_Size and concatenated frames (Node's zstd decoder stops after the first
 * frame, so the frames are located first and decoded one by one). `path` is only opened read-only.
 * The payload must start with a SQLite header and stay within `maxBytes` (see
 * {@link maxDecompressedBytes}); frame sizes declared in the zstd headers are checked before
 * anything is decompressed. On failure `dest` is removed.
 */
export async function decompressC1z(
  path: string,
  dest: string,
  opts: { maxBytes?: number } = {},
): Promise<void> {
  const limit = maxDecompressedBytes(opts.maxBytes);
  await checkC1zHeader(path);
  const damaged = (detail: string, cause?: unknown) =>
    new BatonError(Code.DataLoss, `${display(path)} is a truncated or damaged c1z (${detail})`, {
      hint: "the file was probably cut off during copy or upload; produce it again",
      cause,
    });
  const frames = await locateFrames(path, damaged);
  const declared = frames.reduce((sum, f) => sum + (f.contentSize ?? 0), 0);
  if (declared > limit)
    throw limitError(
      path,
      `holds a database of ${formatBytes(declared)}, more than the limit of ${formatBytes(limit)}`,
    );
  const guard = new PayloadGuard(path, limit);
  await open(dest, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600).then((fh) => fh.close());
  try {
    for (const frame of frames) {
      try {
        await pipeline(
          createReadStream(path, { start: frame.start, end: frame.end - 1 }),
          createZstdDecompress(),
          async function* (decoded: AsyncIterable<Buffer>) {
            for await (const chunk of decoded) {
              guard.chunk(chunk);
              yield chunk;
            }
          },
          createWriteStream(dest, { flags: "a" }),
        );
      } catch (e) {
        if (e instanceof BatonError) throw e;
        const err = e as NodeJS.ErrnoException;
        if (err.syscall !== undefined)
          throw new BatonError(
            Code.Unavailable,
            `cannot write the working copy of ${display(path)}: ${err.message}`,
            {
              hint: `check free space and permissions of ${dirname(dest)}`,
              cause: e,
            },
          );
        throw damaged(`zstd: ${err.message}`, e);
      }
    }
    guard.end();
  } catch (e) {
    await rm(dest, { force: true });
    throw e;
  }
}

const ZSTD_FRAME_MAGIC = 0xfd2fb528;
const isSkippableMagic = (m: number) => m >>> 4 === 0x184d2a5;

interface Frame {
  start: number;
  end: number;
  /** Frame_Content_Size, when the frame header has it. */
  contentSize?: number;
}

/**
 * Byte ranges of the zstd frames after the magic, found by reading only frame and block headers
 * (RFC 8878 §3.1). Skippable frames are left out; anything that does not parse is `damaged`.
 */
async function locateFrames(path: string, damaged: (detail: string) => BatonError): Promise<Frame[]> {
  const fh = await open(path, fsc.O_RDONLY);
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(18);
    const read = async (at: number, n: number) => {
      const { bytesRead } = await fh.read(buf, 0, n, at);
      if (bytesRead < n) throw damaged("the zstd stream ends early");
      return buf;
    };
    const frames: Frame[] = [];
    let p = C1ZF_MAGIC.length;
    if (p === size) throw damaged("no zstd data after the C1ZF header");
    while (p < size) {
      const start = p;
      const magic = (await read(p, 4)).readUInt32LE(0);
      if (isSkippableMagic(magic)) {
        p += 8 + (await read(p + 4, 4)).readUInt32LE(0);
        continue;
      }
      if (magic !== ZSTD_FRAME_MAGIC) throw damaged(`unexpected bytes at offset ${p}, not a zstd frame`);
      const descriptor = (await read(p + 4, 1))[0]!;
      const singleSegment = (descriptor >> 5) & 1;
      const fcsAt = p + 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]!;
      const fcsBytes = [singleSegment, 2, 4, 8][descriptor >> 6]!;
      let contentSize: number | undefined;
      if (fcsBytes > 0) {
        const b = await read(fcsAt, fcsBytes);
        // A 2-byte size is stored minus 256; an 8-byte one is read as a (lossy above 2^53) number.
        contentSize =
          fcsBytes === 8
            ? b.readUInt32LE(0) + b.readUInt32LE(4) * 2 ** 32
            : b.readUIntLE(0, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
      }
      p = fcsAt + fcsBytes;
      for (let last = 0; !last; ) {
        const header = (await read(p, 3)).readUIntLE(0, 3);
        last = header & 1;
        const type = (header >> 1) & 3;
        if (type === 3) throw damaged(`reserved zstd block type at offset ${p}`);
        p += 3 + (type === 1 ? 1 : header >>> 3);
      }
      if (descriptor & 4) p += 4;
      if (p > size) throw damaged("the zstd stream ends early");
      frames.push({ start, end: p, ...(contentSize !== undefined && { contentSize }) });
    }
    return frames;
  } finally {
    await fh.close();
  }
}

/**
 * Streams `src` into the compressor through one reused buffer: a read stream would leave a fresh
 * buffer per chunk for the garbage collector, which for a large database lifts peak RSS by tens of MB.
 * zlib calls a write's callback once it has consumed the chunk, so the buffer can be refilled then.
 */
async function feed(src: string, compress: ReturnType<typeof createZstdCompress>): Promise<void> {
  const file = await open(src, "r");
  const buf = Buffer.allocUnsafe(1 << 20);
  try {
    for (;;) {
      const { bytesRead } = await file.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      await new Promise<void>((resolve, reject) =>
        compress.write(buf.subarray(0, bytesRead), (e) => (e ? reject(e) : resolve())),
      );
    }
    compress.end();
  } finally {
    await file.close();
  }
}

/**
 * Writes `C1ZF\0` + one zstd frame with Frame_Content_Size and content checksum of `src` to `dest`
 * atomically: `<dest>.tmp` (mode 0600) → fsync → rename → fsync of the directory, as the Go SDK saves.
 */
export async function compressToC1z(src: string, dest: string): Promise<void> {
  const tmp = `${dest}.tmp`;
  const { size } = await stat(src);
  await rm(tmp, { force: true });
  const forget = removeOnExit(tmp);
  const compress = createZstdCompress({
    pledgedSrcSize: size,
    params: {
      [z.ZSTD_c_compressionLevel]: ZSTD_LEVEL,
      [z.ZSTD_c_checksumFlag]: 1,
      [z.ZSTD_c_contentSizeFlag]: 1,
    },
  });
  const written = pipeline(
    compress,
    async function* (frame: AsyncIterable<Buffer>) {
      yield C1ZF_MAGIC;
      yield* frame;
    },
    // `flush` fsyncs the file before it is closed.
    createWriteStream(tmp, { flags: "wx", mode: 0o600, flush: true }),
  );
  try {
    await feed(src, compress);
    await written;
    await rename(tmp, dest);
  } catch (e) {
    compress.destroy();
    await written.catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
  const dir = await open(dirname(dest), fsc.O_RDONLY);
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
