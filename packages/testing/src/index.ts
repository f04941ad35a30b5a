export { type ConformanceOptions, type ProvisioningCase, runConformance } from "./conformance.js";
export { type MswNetwork, setupMswNetwork } from "./msw.js";
export { readmeProblems } from "./readme.js";
export { type LoopbackServer, serveHandlers } from "./server.js";
