// Files received from others: decompression bombs, vendor strings with terminal escapes, CSV cells
// that spreadsheets would run, planted symlinks and huge diffs.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { zstdCompressSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { baton, tempDir } from "./helpers.js";

const MiB = 1 << 20;

/** C1ZF + zstd of `size` bytes: a SQLite header that declares no page count, then zeros. */
function bomb(size: number): string {
  const payload = Buffer.alloc(size);
  payload.write("SQLite format 3\0", 0, "latin1");
  const path = join(tempDir(), "bomb.c1z");
  writeFileSync(path, Buffer.concat([Buffer.from("C1ZF\0", "latin1"), zstdCompressSync(payload)]));
  return path;
}

describe("decompression limit", () => {
  test("--max-decompressed-size stops a bomb with one line naming the flag", async () => {
    const r = await baton(["stats", "-f", bomb(32 * MiB), "--max-decompressed-size", "4MiB"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "baton: bomb.c1z holds a database of 32 MiB, more than the limit of 4 MiB (if the file is genuine, raise the limit with --max-decompressed-size, e.g. --max-decompressed-size 20GiB, or $BATON_DECODER_MAX_DECODED_SIZE_MB)\n",
    );
  });

  test("sizes take a unit; anything else is one line with an example", async () => {
    for (const value of ["4", "lots", "-1MiB", "0GiB", "4 parsecs"]) {
      const r = await baton(["stats", "-f", bomb(MiB), "--max-decompressed-size", value]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `baton: --max-decompressed-size ${JSON.stringify(value)} is not a size (give a number and a unit, e.g. 20GiB or 500MB)\n`,
      );
    }
  });

  test("--help lists the flag with its default", async () => {
    const r = await baton(["stats", "--help"]);
    expect(r.stdout).toMatch(
      /--max-decompressed-size <size> +Refuse files whose database is larger \(also \$BATON_DECODER_MAX_DECODED_SIZE_MB, in MiB\) \(default "10GiB"\)/,
    );
  });
});
