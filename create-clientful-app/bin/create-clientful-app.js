#!/usr/bin/env node
// `npm create clientful-app DIR`: the built scaffolder (npm run build:packages). In the
// repository, tests run create-clientful-app/src/cli.ts from sources.
import '../dist/cli.js'
