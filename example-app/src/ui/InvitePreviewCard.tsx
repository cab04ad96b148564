// What the invite is for, as the join screen shows it: the workspace, who invited, the role,
// until when, and where its files are.

import type { InvitePreview, Role } from 'clientful'
import { describeLocation } from '../storage/describe-location.ts'

const ROLE_WORDS: Record<Role, string> = {
  admin: 'an admin (you can edit, invite and manage members)',
  writer: 'a writer (you can edit)',
  reader: 'a reader (you can look, not edit)',
}

export function InvitePreviewCard({ preview }: { readonly preview: InvitePreview }) {
  const location = describeLocation(preview.storage)
  return (
    <div className="invite-preview" data-testid="invite-preview">
      <p className="workspace-title" data-testid="join-workspace-name">
        {preview.workspace.name}
      </p>
      <p data-testid="join-inviter">
        {preview.inviter?.name ? `${preview.inviter.name} invites you` : preview.inviter ? `Member ${preview.inviter.userId.slice(0, 8)}… invites you` : 'You are invited'} to join as{' '}
        {ROLE_WORDS[preview.role]}.
      </p>
      {preview.expires !== undefined && <p className="form-hint">The invite works until {new Date(preview.expires).toLocaleString()}.</p>}
      <p className="form-hint" data-testid="join-code-storage">
        Its files are kept, encrypted, in {location.kind === 'gdrive' ? 'a Google Drive folder' : location.label.toLowerCase()} {location.place}
        {preview.storageAccess ? ' — access comes with the invite.' : '.'}
      </p>
    </div>
  )
}
