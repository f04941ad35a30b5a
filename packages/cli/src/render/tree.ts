import { terminalSafe } from "@baton/sdk/errors";

export interface TreeNode {
  text: string;
  children: TreeNode[];
}

/** Renders a tree with box-drawing branches, one node per line (node texts made terminal-safe). */
export function renderTree(root: TreeNode): string {
  const lines = [terminalSafe(root.text)];
  const walk = (nodes: TreeNode[], indent: string) => {
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      lines.push(`${indent}${last ? "└── " : "├── "}${terminalSafe(node.text)}`);
      walk(node.children, indent + (last ? "    " : "│   "));
    });
  };
  walk(root.children, "");
  return `${lines.join("\n")}\n`;
}
