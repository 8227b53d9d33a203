#!/usr/bin/env node
// The `trent` executable: runs the compiled CLI (npm run build writes dist/).
import '../dist/main.js';
