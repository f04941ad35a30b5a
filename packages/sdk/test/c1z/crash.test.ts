import { createHash } from "node:crypto";
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { zstdCompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { openC1z, openC1zForWrite } from "../../src/c1z/index.js";
import { BatonError, Code } from "../../src/errors.js";
import { user, userType } from "./fakes.js";
import { fixture, startTsChild, tempDir } from "./helpers.js";

const CHILD = fileURLToPath(new URL("./child-writer.ts", import.meta.url));
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

const startChild = (mode: string, path: string, env: Record<string, string> = {}) =>
  startTsChild(CHILD, [mode, path], env);

async function until(cond: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** A child writer saving a big sync over `path`, once it has begun writing `<path>.tmp`. */
async function startBigSave(path: string) {
  const child = startChild("save-big", path);
  await until(() => child.output().includes("saving"), "the child to start saving");
  await until(
    () => existsSync(`${path}.tmp`) && statSync(`${path}.tmp`).size > 0,
    "<path>.tmp to be written",
  );
  return child;
}

async function smallFile(path: string): Promise<string> {
  const w = await openC1zForWrite(path);
  const id = w.startSync("full");
  w.putResourceTypes(id, [userType()]);
  w.putResources(id, [user("alice")]);
  w.endSync(id);
  await w.save();
  w.close({ discardWork: true });
  return id;
}

describe("crash safety", () => {
  it("a writer killed with SIGKILL during save() leaves the previous file intact", {
    timeout: 180_000,
  }, async () => {
    const path = join(tempDir(), "sync.c1z");
    const oldSync = await smallFile(path);
    const before = sha(path);
    const { child, output, exited } = await startBigSave(path);
    child.kill("SIGKILL");
    expect(await exited).toMatchObject({ signal: "SIGKILL" });
    expect(output()).not.toContain("saved");

    expect(sha(path)).toBe(before);
    const r = await openC1z(path);
    try {
      expect(r.syncs().map((s) => s.id)).toEqual([oldSync]);
      expect(r.counts(oldSync).resources).toBe(1);
    } finally {
      r.close();
    }

    // The next writer recovers the killed run's committed work and replaces the stale .tmp.
    const w = await openC1zForWrite(path);
    expect(w.recovered).toBe(true);
    const newSync = w.latestFinishedSync("full")!.id;
    expect(newSync).not.toBe(oldSync);
    expect(w.counts(newSync).resources).toBe(40_000);
    await w.save();
    w.close({ discardWork: true });
    expect(existsSync(`${path}.tmp`)).toBe(false);
    const r2 = await openC1z(path);
    try {
      expect(r2.syncs().map((s) => s.id)).toEqual([oldSync, newSync]);
    } finally {
      r2.close();
    }
  });

  it("a writer killed mid-sync resumes from its committed work", { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const path = join(dir, "sync.c1z");
    const { child, output, exited } = startChild("resume", path);
    await until(() => /committed \w{27}\n/.test(output()), "the child to commit");
    const sync = /committed (\w{27})/.exec(output())![1]!;
    await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(path)).toBe(false);

    const w = await openC1zForWrite(path);
    try {
      expect(w.recovered).toBe(true);
      expect(w.latestUnfinishedSync("full")?.id).toBe(sync);
      expect(w.counts(sync).resources).toBe(500); // the uncommitted 500 were rolled back
      // A second writer of the same file is refused while this one is open.
      const second = await openC1zForWrite(path).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(BatonError);
      expect((second as BatonError).code).toBe(Code.FailedPrecondition);
      expect((second as BatonError).message).toBe("another process is writing sync.c1z");
    } finally {
      w.close();
    }

    // When the output file changed since the work dir was made, the work dir is stale.
    const other = join(tempDir(), "other.c1z");
    const otherSync = await smallFile(other);
    copyFileSync(other, path);
    const w2 = await openC1zForWrite(path);
    try {
      expect(w2.recovered).toBe(false);
      expect(w2.syncs().map((s) => s.id)).toEqual([otherSync]);
    } finally {
      w2.close({ discardWork: true });
    }
    expect(existsSync(`${path}.work`)).toBe(false);
  });
});

describe("SIGINT, SIGTERM and SIGHUP remove the plaintext copies", () => {
  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "%s: a reader's temporary copy is removed and the process still ends by the signal",
    async (signal) => {
      const tmp = tempDir();
      const { child, output, exited } = startChild("read", fixture("go-expanded.c1z"), { TMPDIR: tmp });
      await until(() => output().includes("open"), "the child to open the file");
      expect(readdirSync(tmp)).toHaveLength(1);
      child.kill(signal);
      expect(await exited).toMatchObject({ code: null, signal });
      expect(readdirSync(tmp)).toEqual([]);
    },
  );

  it("a program that handles SIGINT itself keeps running; the copy goes when it exits", async () => {
    const tmp = tempDir();
    const { child, output, exited } = startChild("read-handled", fixture("go-expanded.c1z"), { TMPDIR: tmp });
    await until(() => output().includes("open"), "the child to open the file");
    child.kill("SIGINT");
    await until(() => output().includes("handled"), "the child's own handler");
    expect(readdirSync(tmp)).toHaveLength(1);
    expect(await exited).toMatchObject({ code: 0, signal: null });
    expect(output()).toMatch(/still reading \d+ resources/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("a writer ended by SIGTERM during save() removes <path>.tmp and keeps the previous file and its work", {
    timeout: 180_000,
  }, async () => {
    const path = join(tempDir(), "sync.c1z");
    await smallFile(path);
    const before = sha(path);
    const { child, output, exited } = await startBigSave(path);
    child.kill("SIGTERM");
    expect(await exited).toMatchObject({ signal: "SIGTERM" });
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(sha(path)).toBe(before);
    // The work directory beside the file is what the next run resumes from.
    const w = await openC1zForWrite(path);
    expect(w.recovered).toBe(true);
    w.close({ discardWork: true });
  });

  it("a writer ended by SIGINT while it decompresses the previous file leaves no work directory", async () => {
    const path = join(tempDir(), "sync.c1z");
    // 1 GiB that compresses to 33 KB: a SQLite header, then zeros. Decompressing it takes seconds.
    const payload = Buffer.alloc(1 << 30);
    payload.write("SQLite format 3\0", 0, "latin1");
    writeFileSync(path, Buffer.concat([Buffer.from("C1ZF\0", "latin1"), zstdCompressSync(payload)]));
    const { child, output, exited } = startChild("open-slowly", path);
    const db = join(`${path}.work`, "db");
    await until(() => existsSync(db) && statSync(db).size > 0, "the child to start decompressing");
    child.kill("SIGINT");
    expect(await exited).toMatchObject({ signal: "SIGINT" });
    expect(output()).not.toContain("opened");
    expect(readdirSync(dirname(path))).toEqual(["sync.c1z"]);
  });
});
