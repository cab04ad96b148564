// Where one workspace's data lives in the device's local store: every key of it starts here.

export const workspacePrefix = (id: string): string[] => ['ws', id]
