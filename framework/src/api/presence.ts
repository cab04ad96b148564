// Who else has the workspace open right now, and where in the app they are.

/** Another device's presence: who, and what it shows (app-defined). */
export interface Presence {
  readonly deviceId: string
  readonly userId: string
  /** App-defined JSON, e.g. `{ task: 'task-17' }`: the document or selection the device shows. */
  readonly state: unknown
  /** When this device last heard from it (this device's clock, ms). */
  readonly lastSeen: number
}
