// Baton ids for --sync-resources: bid:r:<type>/<id> or bid:r:<parent type>/<parent id>/<type>/<id>,
// where `\` escapes `:`, `/` and `\` (the Go SDK's baton id format).
import { BatonError, Code } from "../errors.js";

export interface BatonResourceId {
  type: string;
  id: string;
  parent?: { type: string; id: string };
}

function splitEscaped(s: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\" && i + 1 < s.length) cur += s[++i];
    else if (c === "/") {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

export function parseBatonId(bid: string): BatonResourceId {
  const bad = (why: string) =>
    new BatonError(Code.InvalidArgument, `--sync-resources: "${bid}" ${why}`, {
      hint: "use bid:r:<type>/<id> or bid:r:<parent type>/<parent id>/<type>/<id>",
    });
  if (!bid.startsWith("bid:r:")) throw bad("is not a Baton resource id");
  const parts = splitEscaped(bid.slice("bid:r:".length));
  if (parts.some((p) => p === "")) throw bad("has an empty part");
  if (parts.length === 2) return { type: parts[0]!, id: parts[1]! };
  if (parts.length === 4)
    return { parent: { type: parts[0]!, id: parts[1]! }, type: parts[2]!, id: parts[3]! };
  throw bad("has the wrong number of parts");
}

const esc = (s: string) => s.replace(/[\\/:]/g, (c) => `\\${c}`);

export function formatBatonId(r: BatonResourceId): string {
  const own = `${esc(r.type)}/${esc(r.id)}`;
  return r.parent ? `bid:r:${esc(r.parent.type)}/${esc(r.parent.id)}/${own}` : `bid:r:${own}`;
}
