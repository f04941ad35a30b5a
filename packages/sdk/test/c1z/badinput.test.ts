import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zstdCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.js";
import { BatonError, Code } from "../../src/errors.js";
import { decompressWithCli, fixture, tempDir } from "./helpers.js";

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

async function openError(path: string, open = openC1z): Promise<BatonError> {
  const before = sha(path);
  const err = await open(path).then(
    (s) => {
      s.close();
      throw new Error("expected an error");
    },
    (e: unknown) => e,
  );
  expect(sha(path)).toBe(before);
  expect(err).toBeInstanceOf(BatonError);
  const be = err as BatonError;
  expect(be.describe()).not.toContain("\n");
  expect(be.describe()).toContain("bad.c1z");
  return be;
}

function bad(content: Buffer | string): string {
  const path = join(tempDir(), "bad.c1z");
  writeFileSync(path, content);
  return path;
}

describe("openC1z rejects what is not a readable v1 c1z with one line", () => {
  it("missing file", async () => {
    const err = await openC1z(join(tempDir(), "bad.c1z")).catch((e: BatonError) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).code).toBe(Code.NotFound);
    expect((err as BatonError).message).toBe("bad.c1z does not exist");
  });

  it("empty file", async () => {
    const e = await openError(bad(""));
    expect(e.message).toBe("bad.c1z is empty (0 bytes), not a c1z file");
  });

  it("text file", async () => {
    const e = await openError(bad("hello, this is not a c1z\n"));
    expect(e.message).toBe("bad.c1z is not a c1z file (it does not start with C1ZF)");
  });

  it("plain SQLite database", async () => {
    const path = join(tempDir(), "bad.c1z");
    copyFileSync(decompressWithCli(fixture("go-sync-in-progress.c1z"), tempDir()), path);
    const e = await openError(path);
    expect(e.message).toBe("bad.c1z is a plain SQLite database, not a c1z (no C1ZF header)");
  });

  it("bare zstd stream", async () => {
    const e = await openError(bad(zstdCompressSync(Buffer.from("SQLite format 3\0"))));
    expect(e.message).toContain("bare zstd stream");
  });

  it("v3 Pebble file, also when opened for writing", async () => {
    // The envelope: magic, 4-byte big-endian manifest length, manifest `0A 07 "pebble2"`, zstd payload.
    const manifest = Buffer.concat([Buffer.from([0x0a, 0x07]), Buffer.from("pebble2")]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(manifest.length);
    const path = bad(
      Buffer.concat([Buffer.from("C1Z3\0", "latin1"), len, manifest, zstdCompressSync(Buffer.alloc(64))]),
    );
    const e = await openError(path);
    expect(e.code).toBe(Code.FailedPrecondition);
    expect(e.message).toBe(
      "bad.c1z is a v3 (Pebble) c1z written by baton-sdk ≥ 0.25, which this SDK cannot read",
    );
    expect(e.hint).toContain("--storage-engine sqlite");
    const w = await openError(path, openC1zForWrite);
    expect(w.message).toBe("bad.c1z is a v3 (Pebble) c1z, which this SDK cannot append to");
    expect(w.hint).toBe("move it away or choose another --file");
  });

  it("truncated zstd stream", async () => {
    const full = readFileSync(fixture("go-unexpanded.c1z"));
    for (const keep of [5, 8, 100, full.length - 10]) {
      const e = await openError(bad(full.subarray(0, keep)));
      expect(e.code).toBe(Code.DataLoss);
      expect(e.message).toMatch(/^bad\.c1z is a truncated or damaged c1z \(/);
    }
  });

  it("corrupt zstd block", async () => {
    const full = Buffer.from(readFileSync(fixture("go-sync-in-progress.c1z")));
    for (let i = 40; i < 200; i++) full[i] = full[i]! ^ 0x5a;
    const e = await openError(bad(full));
    expect(e.message).toMatch(/^bad\.c1z is a truncated or damaged c1z/);
  });

  it("a directory, and non-c1z files opened for writing (no work dir left behind)", async () => {
    const dir = join(tempDir(), "bad.c1z");
    mkdirSync(dir);
    const e = (await openC1z(dir).catch((x: unknown) => x)) as BatonError;
    expect(e.message).toBe("bad.c1z is a directory, not a c1z file");
    const path = bad("plain text\n");
    const w = await openError(path, openC1zForWrite);
    expect(w.message).toBe("bad.c1z is not a c1z file (it does not start with C1ZF)");
    expect(existsSync(`${path}.work`)).toBe(false);
  });

  it("zstd fine but the payload is not SQLite", async () => {
    const e = await openError(
      bad(
        Buffer.concat([
          Buffer.from("C1ZF\0", "latin1"),
          zstdCompressSync(Buffer.from("just some text".repeat(20))),
        ]),
      ),
    );
    expect(e.message).toBe("bad.c1z has a c1z header but its content is not a SQLite database");
  });

  it("SQLite header with damaged pages", async () => {
    const db = readFileSync(decompressWithCli(fixture("go-sync-in-progress.c1z"), tempDir()));
    db.fill(0xff, 100, 8192);
    const e = await openError(bad(Buffer.concat([Buffer.from("C1ZF\0", "latin1"), zstdCompressSync(db)])));
    expect(e.code).toBe(Code.DataLoss);
    expect(e.message).toMatch(/^bad\.c1z holds a damaged SQLite database/);
  });
});
