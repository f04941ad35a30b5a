export * from "./proto.js";
