import { describe, expect, it } from "vitest";
import { allPages, findInPages } from "../../src/connector/index.js";
import { type BatonError, Code } from "../../src/errors.js";

const rejection = (p: Promise<unknown>): Promise<BatonError | undefined> =>
  p.then(
    () => undefined,
    (e: BatonError) => e,
  );

/** Pages of three numbers from 0 to n-1, the cursor being the next offset; counts the calls. */
function pages(n: number) {
  const calls: (number | undefined)[] = [];
  const page = async (cursor: number | undefined) => {
    calls.push(cursor);
    const from = cursor ?? 0;
    const items = Array.from({ length: Math.min(3, n - from) }, (_, i) => from + i);
    return { items, next: from + 3 < n ? from + 3 : undefined };
  };
  return { page, calls };
}

describe("findInPages", () => {
  it("stops at the page holding the first match", async () => {
    const { page, calls } = pages(10);
    expect(await findInPages(page, (x) => x >= 4)).toBe(4);
    expect(calls).toEqual([undefined, 3]);
  });

  it("reads every page when nothing matches", async () => {
    const { page, calls } = pages(10);
    expect(await findInPages(page, (x) => x > 100)).toBeUndefined();
    expect(calls).toEqual([undefined, 3, 6, 9]);
  });

  it("ends after maxPages", async () => {
    const { page, calls } = pages(100);
    expect(await findInPages(page, (x) => x === 99, { maxPages: 2 })).toBeUndefined();
    expect(calls).toHaveLength(2);
  });

  it("fails on a cursor that does not move, or comes back (A → B → A), instead of reading on", async () => {
    let calls = 0;
    const stuck = async () => {
      calls++;
      return { items: [1], next: "same" };
    };
    const err = await rejection(findInPages(stuck, (x) => x === 2, { what: "GET /things" }));
    expect(err?.code).toBe(Code.Internal);
    expect(err?.message).toBe('GET /things: page 2 returned cursor "same", which page 2 was read with');
    expect(calls).toBe(2);
    const cycle = async (cursor: string | undefined) => ({ items: [0], next: cursor === "B" ? "A" : "B" });
    const looped = await rejection(findInPages(cycle, (x) => x === 1));
    expect(looped?.message).toBe('paging: page 3 returned cursor "B", which page 2 was read with');
  });
});

describe("allPages", () => {
  it("returns every item of every page, in order, ending on an absent, null or empty cursor", async () => {
    const { page, calls } = pages(10);
    expect(await allPages(page)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(calls).toEqual([undefined, 3, 6, 9]);
    for (const last of [null, ""]) {
      expect(
        await allPages<string, string | null>(async (c) => ({ items: [c ?? "first"], next: c ? last : "x" })),
      ).toEqual(["first", "x"]);
    }
  });

  it("fails on a repeated cursor instead of returning part of the list as all of it", async () => {
    const cycle = async (cursor: string | undefined) => ({
      items: [cursor],
      next: cursor === "B" ? "A" : "B",
    });
    const err = await rejection(allPages(cycle, { what: "GET /roles" }));
    expect(err?.code).toBe(Code.Internal);
    expect(err?.message).toBe('GET /roles: page 3 returned cursor "B", which page 2 was read with');
    expect(err?.hint).toMatch(/never end/);
  });

  it("fails past maxPages", async () => {
    const { page } = pages(100);
    const err = await rejection(allPages(page, { maxPages: 3, what: "GET /users" }));
    expect(err?.message).toBe("GET /users: more than 3 pages");
    const { page: exact } = pages(9);
    expect(await allPages(exact, { maxPages: 3 })).toHaveLength(9);
  });
});
