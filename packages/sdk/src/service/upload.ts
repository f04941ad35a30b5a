// UploadAsset: one client stream per file — metadata, the bytes in 512 KiB chunks, then the SHA-256.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type BatonServiceUploadAssetRequest,
  BatonServiceUploadAssetRequestSchema,
} from "../gen/c1/connectorapi/baton/v1/baton_pb.js";
import type { Logger } from "../log.js";
import { type BatonServiceClient, rpcError } from "./client.js";

export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const ATTEMPTS = 3;

async function sha256(file: string): Promise<Uint8Array> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest();
}

type UploadMessage = MessageInitShape<typeof BatonServiceUploadAssetRequestSchema>;

async function* messages(file: string, hostId: string, taskId: string, checksum: Uint8Array) {
  const msg = (m: UploadMessage): BatonServiceUploadAssetRequest =>
    create(BatonServiceUploadAssetRequestSchema, m);
  yield msg({ msg: { case: "metadata", value: { hostId, taskId } } });
  const fh = await open(file, "r");
  try {
    for (;;) {
      // A fresh buffer per chunk: the stream may still hold the previous one.
      const buf = Buffer.allocUnsafe(UPLOAD_CHUNK_BYTES);
      let filled = 0;
      while (filled < buf.length) {
        const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === 0) break;
      yield msg({ msg: { case: "data", value: { data: buf.subarray(0, filled) } } });
      if (filled < buf.length) break;
    }
  } finally {
    await fh.close();
  }
  yield msg({ msg: { case: "eof", value: { sha256Checksum: checksum } } });
}

export interface UploadOptions {
  client: BatonServiceClient;
  hostId: string;
  taskId: string;
  file: string;
  log: Logger;
  signal: AbortSignal;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Uploads `file` as an asset of the task: up to 3 attempts, 0 s then 1 s apart. */
export async function uploadAsset(o: UploadOptions): Promise<void> {
  const checksum = await sha256(o.file);
  for (let attempt = 1; ; attempt++) {
    try {
      await o.client.uploadAsset(messages(o.file, o.hostId, o.taskId, checksum), { signal: o.signal });
      return;
    } catch (e) {
      const err = rpcError("UploadAsset", e);
      if (o.signal.aborted || attempt >= ATTEMPTS) throw err;
      o.log.warn("upload failed, trying again", { attempt, error: err.message });
      if (attempt > 1) await o.sleep(1000, o.signal);
    }
  }
}
