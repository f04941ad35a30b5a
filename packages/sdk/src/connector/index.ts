export * from "./builders.js";
export * from "./capabilities.js";
export * from "./define.js";
export * from "./find.js";
export * from "./page.js";
export * from "./vendor.js";
