#!/usr/bin/env node
// `minimon-demo [--once] [--port 4318] …`: see playground/demo/README.md.
require('../dist/cli.js')
