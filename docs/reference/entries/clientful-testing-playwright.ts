/**
 * Playwright fixtures for an app's tests: local services, devices already in one workspace, an offline switch, convergence.
 *
 * @module clientful/testing/playwright
 */
export * from '../../../framework/src/testing/playwright/index.ts'
