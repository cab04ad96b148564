// Opens the "tasks" document without making a reader write. Workspace.doc(name) records the
// name in the workspace's name index when this device's copy lacks it — a write that a
// reader's (or removed device's) device then undoes and lists as refused, as if the user had
// edited something. So a device that may not write first syncs, which brings the index from
// the others; only if that fails (offline) does it open the document anyway.

import type { DocHandle, WorkspaceApi } from 'clientful'
import { TASKS_DOC, type TasksDoc } from '../tasks/task-model.ts'

export async function openTasksDoc(workspace: WorkspaceApi): Promise<DocHandle<TasksDoc>> {
  const mayWrite = workspace.role === 'admin' || workspace.role === 'writer'
  if (!mayWrite && !(await indexNames(workspace, TASKS_DOC))) await workspace.sync().catch(() => undefined)
  return workspace.doc<TasksDoc>(TASKS_DOC)
}

async function indexNames(workspace: WorkspaceApi, name: string): Promise<boolean> {
  return (await workspace.documents()).some((d) => d.name === name)
}
