/**
 * The core: the device (`ClientApi`), its workspaces (`WorkspaceApi`), documents (`DocHandle`, `toRepoHandle`), statuses, refusals, diagnostics and errors. Runs in the browser and in Node.
 *
 * @module clientful
 */
export * from '../../../framework/src/index.ts'
