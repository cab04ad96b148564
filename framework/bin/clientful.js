#!/usr/bin/env node
// The clientful CLI runs the TypeScript sources directly through tsx.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
