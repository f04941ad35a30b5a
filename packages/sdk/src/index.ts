export * from "./proto.js";
export * from "./c1z/index.js";
export * from "./http/index.js";
