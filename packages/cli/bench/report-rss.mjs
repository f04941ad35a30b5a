// Preloaded into the measured process: prints its peak RSS as the last line on stderr at exit.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `${JSON.stringify({ maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
});
