/** The Background Sync tag the page registers while edits wait to upload (background-upload.ts). */
export const UPLOAD_TAG = 'clientful-board-upload'
