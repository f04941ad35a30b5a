import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zstdCompressSync } from "node:zlib";
import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.js";
import { ResourceSchema } from "../../src/proto.js";
import { userType } from "./fakes.js";
import { decompressWithCli, fixture, tempDir } from "./helpers.js";

interface Frame {
  descriptor: number;
  windowSize: number;
  contentSize: number | undefined;
  checksum: boolean;
  /** Offset just past the frame. */
  end: number;
}

/** Decodes a zstd frame header and walks its blocks (RFC 8878 §3.1.1). */
function readFrame(buf: Buffer, at: number): Frame {
  expect(buf.readUInt32LE(at)).toBe(0xfd2fb528);
  let p = at + 4;
  const descriptor = buf[p++]!;
  const fcsFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const checksum = ((descriptor >> 2) & 1) === 1;
  const dictFlag = descriptor & 3;
  let windowSize = 0;
  if (!singleSegment) {
    const wd = buf[p++]!;
    const base = 2 ** (10 + (wd >> 3));
    windowSize = base + (base / 8) * (wd & 7);
  }
  p += [0, 1, 2, 4][dictFlag]!;
  const fcsBytes = [singleSegment ? 1 : 0, 2, 4, 8][fcsFlag]!;
  let contentSize: number | undefined;
  if (fcsBytes === 1) contentSize = buf[p]!;
  else if (fcsBytes === 2) contentSize = buf.readUInt16LE(p) + 256;
  else if (fcsBytes === 4) contentSize = buf.readUInt32LE(p);
  else if (fcsBytes === 8) contentSize = Number(buf.readBigUInt64LE(p));
  p += fcsBytes;
  if (singleSegment) windowSize = contentSize!;
  for (;;) {
    const header = buf.readUIntLE(p, 3);
    p += 3;
    const type = (header >> 1) & 3;
    expect(type).not.toBe(3);
    p += type === 1 ? 1 : header >> 3;
    if (header & 1) break;
  }
  if (checksum) p += 4;
  return { descriptor, windowSize, contentSize, checksum, end: p };
}

describe("c1z envelope", () => {
  it("is C1ZF\\0 + exactly one zstd frame with content size, checksum and a window ≤ 8 MiB; mode 0600", async () => {
    const dir = tempDir();
    const path = join(dir, "big.c1z");
    const w = await openC1zForWrite(path);
    const id = w.startSync("full");
    w.putResourceTypes(id, [userType()]);
    for (let b = 0; b < 6; b++)
      w.putResources(
        id,
        Array.from({ length: 1000 }, (_, i) =>
          create(ResourceSchema, {
            id: { resourceType: "user", resource: `u${b}-${i}` },
            description: randomBytes(500).toString("hex"),
          }),
        ),
      );
    w.endSync(id);
    await w.save();
    expect(statSync(`${path}.work`).mode & 0o777).toBe(0o700);
    expect(statSync(join(`${path}.work`, "db")).mode & 0o777).toBe(0o600);
    w.close({ discardWork: true });

    const buf = readFileSync(path);
    expect(buf.subarray(0, 5)).toEqual(Buffer.from([0x43, 0x31, 0x5a, 0x46, 0x00]));
    const frame = readFrame(buf, 5);
    expect(frame.end).toBe(buf.length); // nothing after the one frame
    expect(frame.checksum).toBe(true);
    const db = decompressWithCli(path, tempDir());
    const dbSize = statSync(db).size;
    expect(dbSize).toBeGreaterThan(4 << 20);
    expect(frame.contentSize).toBe(dbSize);
    expect(frame.descriptor & 0x20).toBe(0); // window descriptor present for a multi-MiB payload
    expect(frame.windowSize).toBeLessThanOrEqual(8 << 20);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["big.c1z"]);
  });

  it("reads frames without content size and concatenated frames", async () => {
    // go-expanded.c1z has no Frame_Content_Size (descriptor 0x04).
    const go = readFileSync(fixture("go-expanded.c1z"));
    const frame = readFrame(go, 5);
    expect(frame.contentSize).toBeUndefined();

    // Split the decompressed database across two frames.
    const dbBytes = readFileSync(decompressWithCli(fixture("go-sync-in-progress.c1z"), tempDir()));
    const half = Math.floor(dbBytes.length / 2);
    const path = join(tempDir(), "two-frames.c1z");
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from("C1ZF\0", "latin1"),
        zstdCompressSync(dbBytes.subarray(0, half)),
        zstdCompressSync(dbBytes.subarray(half)),
      ]),
    );
    const store = await openC1z(path);
    try {
      expect(store.selectSync().id).toBe("3ARefY5G8eOytquwYgm41Nq07IZ");
      expect(store.counts("3ARefY5G8eOytquwYgm41Nq07IZ").resources).toBe(79);
    } finally {
      store.close();
    }
  });
});
