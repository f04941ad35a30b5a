export { type BatonResourceId, formatBatonId, parseBatonId } from "./bid.js";
export { DEFAULT_WORKERS, type SyncOptions, type SyncSummary, sync, type TypeTotals } from "./engine.js";
export { type CallPolicy, createRuntime, type Runtime, type RuntimeOptions } from "./runtime.js";
