import { Writable } from "node:stream";
import { expect, test } from "vitest";
import { Output } from "../src/output.js";
import { csvRecord } from "../src/render/csv.js";
import { fitWidths, writeTable } from "../src/render/table.js";
import { renderTree } from "../src/render/tree.js";

async function table(header: string[], rows: string[][], width?: number): Promise<string> {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const out = new Output(stream);
  await writeTable(out, header, rows, { ...(width !== undefined && { width }), color: false });
  await out.flush();
  return text;
}

test("tables: padded columns separated by |, no trailing spaces", async () => {
  expect(
    await table(
      ["ID", "Name"],
      [
        ["a", "Alice"],
        ["bob", ""],
      ],
    ),
  ).toBe("ID  | Name\na   | Alice\nbob |\n");
});

test("tables: control characters in cells become spaces", async () => {
  expect(await table(["ID", "Name"], [["a", "two\nlines\t!"]])).toBe("ID | Name\na  | two lines !\n");
});

test("tables: cut to the width, the widest columns first, with …", async () => {
  const text = await table(["ID", "Description"], [["user-1", "x".repeat(100)]], 30);
  expect(text).toBe(`ID     | Description\nuser-1 | ${"x".repeat(20)}…\n`);
});

test("fitWidths keeps narrow columns and shares the rest", () => {
  expect(fitWidths([5, 50, 50], 45)).toEqual([5, 20, 20]);
  expect(fitWidths([5, 10], 80)).toEqual([5, 10]);
  expect(fitWidths([40, 40], 5)).toEqual([3, 3]);
});

test("csv: quoted only when needed, quotes doubled", () => {
  expect(csvRecord(["a", "", "b,c", 'say "hi"', " lead", "x\ny"])).toBe(
    'a,,"b,c","say ""hi"""," lead","x\ny"\n',
  );
});

test("tree: box-drawing branches", () => {
  expect(
    renderTree({
      text: "root",
      children: [
        { text: "a", children: [{ text: "a1", children: [] }] },
        {
          text: "b",
          children: [
            { text: "b1", children: [] },
            { text: "b2", children: [] },
          ],
        },
      ],
    }),
  ).toBe("root\n├── a\n│   └── a1\n└── b\n    ├── b1\n    └── b2\n");
});
