export * from "./builders.js";
export * from "./define.js";
