#!/usr/bin/env node
// glean/tools/peers/chrono-bench.js - chrono-node's date parsing speed over a folder, for comparison
// SPDX-License-Identifier: Apache-2.0
//
// Usage (in a scratch folder outside the repo, so no node_modules lands in it):
//   mkdir -p /tmp/peers && cd /tmp/peers && npm install chrono-node
//   NODE_PATH=/tmp/peers/node_modules node tools/peers/chrono-bench.js $CORPUS [repeat]
// Reads every file under the folder (sorted, like glean), runs chrono.parse over each one
// `repeat` times (default 1) and prints documents, MB, dates found, CPU and wall seconds and MB/s
// (single thread: node runs the parser on one core).
'use strict';
const fs = require('fs');
const path = require('path');
const chrono = require('chrono-node');

function chronoVersion() {
  // package.json is not in the package's exports map: find it beside the resolved entry point.
  let dir = path.dirname(require.resolve('chrono-node'));
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (pkg.name === 'chrono-node') return pkg.version;
  }
  return 'unknown';
}

function listFiles(dir, out) {
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const p = path.join(dir, name);
    const st = fs.statSync(p);
    if (st.isDirectory()) listFiles(p, out);
    else if (st.isFile()) out.push(p);
  }
  return out;
}

const root = process.argv[2] || path.join(__dirname, '..', '..', '..', 'shared', 'corpus');
const repeat = Number(process.argv[3] || 1);
const files = listFiles(root, []);
let bytes = 0, dates = 0, docs = 0;
const wall0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
for (let r = 0; r < repeat; ++r) {
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');  // reading is timed too, as in glean
    bytes += Buffer.byteLength(text, 'utf8');
    dates += chrono.parse(text).length;
    ++docs;
  }
}
const cpu = process.cpuUsage(cpu0);
const wall = Number(process.hrtime.bigint() - wall0) / 1e9;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const mb = bytes / 1e6;
console.log(JSON.stringify({
  peer: 'chrono-node ' + chronoVersion(),
  documents: docs, mb: Number(mb.toFixed(1)), dates,
  wall_seconds: Number(wall.toFixed(2)), cpu_seconds: Number(cpuSeconds.toFixed(2)),
  mb_per_second_wall: Number((mb / wall).toFixed(2)),
  mb_per_second_cpu: Number((mb / cpuSeconds).toFixed(2)),
  peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
}));
