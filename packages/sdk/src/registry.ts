import { createRegistry, type DescFile, type Registry } from "@bufbuild/protobuf";
import * as pb from "./proto.js";

const isFile = (v: unknown): v is DescFile =>
  typeof v === "object" && v !== null && (v as DescFile).kind === "file";

/** Every message type we know, so `Any` annotations render as `{"@type": …}` in JSON. */
export const protoRegistry: Registry = createRegistry(...Object.values(pb).filter(isFile));
