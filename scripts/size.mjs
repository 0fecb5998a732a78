// Prints the weight of the built app (wasm + JS + CSS): raw, gzip and brotli.
// The budget is 150 KiB brotli for the whole app.
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
let total = [0, 0, 0];
console.log(`${"file".padEnd(48)} ${"raw KiB".padStart(8)} ${"gzip".padStart(8)} ${"brotli".padStart(8)}`);
for (const path of rows.sort()) {
  const data = readFileSync(path);
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total = [total[0] + data.length, total[1] + gz, total[2] + br];
  console.log(`${path.padEnd(48)} ${kib(data.length)} ${kib(gz)} ${kib(br)}`);
}
console.log(`${"total (budget: 150 KiB brotli)".padEnd(48)} ${kib(total[0])} ${kib(total[1])} ${kib(total[2])}`);
