#!/usr/bin/env node
// The clientful command: the built CLI (npm run build:packages). In the repository, tests run
// framework/src/cli/main.ts from sources instead (scripts/services/from-source.ts).
import '../dist/cli/main.js'
