// The open workspace for every component below: <WorkspaceProvider workspace={…}>, then
// useWorkspace() and the hooks built on it (documents, status, members, attachments…).

import { createContext, useContext, type ReactNode } from 'react'
import type { WorkspaceApi } from '../api/workspace-api.ts'

const WorkspaceContext = createContext<WorkspaceApi | undefined>(undefined)

export interface WorkspaceProviderProps {
  /** An open workspace, e.g. from useOpenWorkspace(). */
  readonly workspace: WorkspaceApi
  readonly children?: ReactNode
}

export function WorkspaceProvider({ workspace, children }: WorkspaceProviderProps) {
  return <WorkspaceContext.Provider value={workspace}>{children}</WorkspaceContext.Provider>
}

/** The workspace of the nearest <WorkspaceProvider>. */
export function useWorkspace(): WorkspaceApi {
  const workspace = useContext(WorkspaceContext)
  if (!workspace) throw new Error('useWorkspace() needs a <WorkspaceProvider workspace={…}> above this component')
  return workspace
}
