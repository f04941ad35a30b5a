// Run by expand.test.ts in a separate Node process, which it kills after a deadline: orders the
// edges of a graph with N edges out of one entitlement and a chain of N entitlements, then prints
// how many edges came out ordered and cyclic.
import { type Edge, order } from "../../src/sync/expand.ts";

const N = Number(process.argv[2]);
const edges: Edge[] = [];
for (let i = 0; i < N; i++)
  edges.push({ src: "group:g:member", dst: `app:${i}:access`, shallow: false, types: [] });
for (let i = 0; i < N; i++)
  edges.push({ src: `chain:${i}`, dst: `chain:${i + 1}`, shallow: false, types: [] });
edges.push(
  { src: "cycle:a", dst: "cycle:b", shallow: false, types: [] },
  { src: "cycle:b", dst: "cycle:a", shallow: false, types: [] },
);
const { ordered, cyclic } = order(edges);
process.stdout.write(`${JSON.stringify({ ordered: ordered.length, cyclic: cyclic.length })}\n`);
