// What "Erase permanently" does not reach yet, said in the app as in its README (docs/ERASURE.md
// lists the engine's part). The board's current document no longer holds the text, not even in
// its history; the previous document's history still does, on devices and in storage.

export const ERASURE_REMAINS =
  'Until erasure is complete in the sync engine, the text stays in older history: the previous copy of the board on each device that had it, ' +
  'the changes each device already sent (its outbox), and the encrypted changes and snapshots in storage, which current members’ keys can still open ' +
  '(a device that joins later downloads that history too, without showing it).'
