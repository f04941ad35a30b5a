export {
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  formatBytes,
  isDecompressionLimitError,
  MAX_DECOMPRESSED_ENV,
  maxDecompressedBytes,
} from "./envelope.js";
export { ksuidTime, newKsuid } from "./ksuid.js";
export { C1zStore, type OpenC1zOptions, openC1z } from "./store.js";
export { formatGoTime, parseGoTime } from "./time.js";
export type { SyncCounts, SyncRun, SyncType } from "./types.js";
export { SYNC_TYPES } from "./types.js";
export { validateSync } from "./validate.js";
export { C1zWriter, openC1zForWrite } from "./writer.js";
