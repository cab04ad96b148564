// What a member may do: an admin manages the membership, a writer edits, a reader only reads.

export type Role = 'admin' | 'writer' | 'reader'
