export { ksuidTime, newKsuid } from "./ksuid.js";
export { C1zStore, openC1z } from "./store.js";
export { formatGoTime, parseGoTime } from "./time.js";
export type { SyncCounts, SyncRun, SyncType } from "./types.js";
export { SYNC_TYPES } from "./types.js";
export { validateSync } from "./validate.js";
export { C1zWriter, openC1zForWrite } from "./writer.js";
