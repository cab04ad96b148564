// What "Erase permanently" leaves, and for how long, said in the app as in docs/ERASURE.md: each
// device forgets the previous copy of the board and rewrites the changes it sent when it next
// syncs, so the text is gone from a device and from the files it wrote once it has synced.

export const ERASURE_REMAINS =
  'Each device forgets the previous copy, history and all, and rewrites the changes it had sent when it next syncs: ' +
  'until every device has synced, the text stays on the devices that have not, and in the encrypted files they wrote to storage.'
