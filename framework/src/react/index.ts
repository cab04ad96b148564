// clientful/react: what every screen of a Clientful app needs, as a provider and hooks over
// the public ClientApi and WorkspaceApi (so they work the same in every tab of a profile).
//
//   <ClientfulProvider client={await openBrowserClient(…)}>
//     const workspaces = useWorkspaces(); const opened = useOpenWorkspace(id)
//     <WorkspaceProvider workspace={opened.workspace}>
//       const [tasks, changeTasks] = useDocument<Tasks>('tasks')
//       const status = useStatus(); const { members, myRole } = useMembership()

export { ClientfulProvider, useClient, type ClientfulProviderProps } from './clientful-provider.tsx'
export { WorkspaceProvider, useWorkspace, type WorkspaceProviderProps } from './workspace-provider.tsx'
export { useWorkspaces } from './use-workspaces.ts'
export { useOpenWorkspace, type OpenWorkspace, type OpenWorkspaceOptions } from './use-open-workspace.ts'
export { useDocument, useDocHandle, type ChangeDoc, type DocHandleState } from './use-document.ts'
export { useStatus } from './use-status.ts'
export { useMembership, useMembers, useMyRole, summarizeMembership, type MemberSummary, type MembershipSummary } from './use-membership.ts'
export { useRefused, type RefusedItems } from './use-refused.ts'
export { useAttachment, useAddAttachment, safeInlineType, type AttachmentState, type AttachmentView, type AttachmentOptions } from './use-attachment.ts'
export type { Transfer } from './attachment-activity.ts'
export { usePresence, type Presence } from './use-presence.ts'
export { useProfiles, displayName, type ProfilesView } from './use-profiles.ts'
export { useEmitterValue } from './emitter-store.ts'
