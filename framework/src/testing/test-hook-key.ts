// The global a page's tests create to ask for the test hook (see test-hook.ts). Its own file,
// so the Playwright side can name it without loading Automerge into the test runner.

export const TEST_HOOK = '__clientfulTest'
