/**
 * The `clientful` command as a library: `run(argv)` runs a command line in-process, and
 * `openStorageUrl(url)` opens `file://`, `s3://` and `gdrive://` storage as the command does.
 *
 * @module @clientful/cli
 */
export * from '../../../cli/src/index.ts'
