// Prints the weight of the built app (wasm + JS + CSS): raw, gzip and brotli.
// The budget is 150 KiB brotli for the whole app. The example host console in
// dist/host/ is not part of the app: it is listed apart, outside the total.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dir = process.argv[2] ?? "dist";
const kinds = new Set([".wasm", ".js", ".css"]);
const rows = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (kinds.has(extname(name))) rows.push(path);
  }
};
walk(dir);
const kib = (n) => (n / 1024).toFixed(1).padStart(8);
const isHostExample = (path) => path.startsWith(join(dir, "host") + "/");
let total = [0, 0, 0];
console.log(`${"file".padEnd(48)} ${"raw KiB".padStart(8)} ${"gzip".padStart(8)} ${"brotli".padStart(8)}`);
const line = (path) => {
  const data = readFileSync(path);
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`${path.padEnd(48)} ${kib(data.length)} ${kib(gz)} ${kib(br)}`);
  return [data.length, gz, br];
};
for (const path of rows.sort().filter((p) => !isHostExample(p))) {
  const [raw, gz, br] = line(path);
  total = [total[0] + raw, total[1] + gz, total[2] + br];
}
console.log(`${"total (budget: 150 KiB brotli)".padEnd(48)} ${kib(total[0])} ${kib(total[1])} ${kib(total[2])}`);
const examples = rows.filter(isHostExample).sort();
if (examples.length) {
  console.log("not part of the app (the example host console):");
  examples.forEach(line);
}
