// One line for whatever a failed call threw, for warnings printed before the command goes on.

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
