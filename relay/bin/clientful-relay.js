#!/usr/bin/env node
// The clientful-relay command: the built server (npm run build:packages). In the repository,
// tests run relay/src/cli.ts from sources instead (scripts/services/from-source.ts).
import '../dist/cli.js'
