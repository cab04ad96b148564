// clientful/testing/playwright: fixtures for a Clientful app's own Playwright tests — local
// s3rver and relay, the built app served with its config.json, devices (browser contexts)
// already in one workspace, a network switch per device, and waiting for convergence.
// Needs the optional peer dependencies @playwright/test, s3rver and @clientful/relay.

export { test, expect, type ClientfulAppOptions, type ClientfulServices, type ClientfulTestFixtures, type ClientfulWorkerFixtures, type DevicesInWorkspaceOptions, type WorkspaceDevices } from './fixtures.ts'
export { openDevice, type Device, type DeviceOptions } from './device.ts'
export { expectConverged, type ConvergenceOptions } from './convergence.ts'
export { waitForClient, createWorkspaceIn, createInviteIn, joinIn, headsIn } from './in-page.ts'
