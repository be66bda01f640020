#!/usr/bin/env node
'use strict'
require('../dist/minimon.js')
