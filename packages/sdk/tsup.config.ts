import { packageBuild } from "../../tsup.shared.ts";

// One entry per subpath export: the connector API, the protobuf schemas, the .c1z store, and the
// light entry point of binaries.
export default packageBuild({
  index: "src/index.ts",
  proto: "src/exports/proto.ts",
  c1z: "src/exports/c1z.ts",
  launch: "src/exports/launch.ts",
});
