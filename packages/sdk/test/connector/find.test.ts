import { describe, expect, it } from "vitest";
import { findInPages } from "../../src/connector/index.js";

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

  it("ends on a cursor that does not move, and after maxPages", async () => {
    let calls = 0;
    const stuck = async () => {
      calls++;
      return { items: [1], next: "same" };
    };
    expect(await findInPages(stuck, (x) => x === 2)).toBeUndefined();
    expect(calls).toBe(2);
    const { page, calls: seen } = pages(100);
    expect(await findInPages(page, (x) => x === 99, { maxPages: 2 })).toBeUndefined();
    expect(seen).toHaveLength(2);
  });
});
