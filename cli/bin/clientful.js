#!/usr/bin/env node
// The clientful command: the built CLI (npm run build:packages). In the repository, tests run
// cli/src/main.ts from sources instead (scripts/services/from-source.ts).
import '../dist/main.js'
