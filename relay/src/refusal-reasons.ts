// The closed label sets for what the relay refuses or drops. Their own file because both the
// counters and the Prometheus metrics enumerate them, and neither should import the other for it.

/** Why a frame was not forwarded (a metrics label). */
export const DROP_REASONS = ['rate_limited', 'room_rate_limited', 'bad_frame', 'not_joined', 'slow_consumer'] as const
export type DropReason = (typeof DROP_REASONS)[number]

/** Why an upgrade was refused (a metrics label). */
export const ADMISSION_REFUSALS = ['full', 'queue_full', 'per_ip', 'draining'] as const
export type AdmissionRefusal = (typeof ADMISSION_REFUSALS)[number]

/** Why a join was refused (a metrics label). */
export const JOIN_REFUSALS = ['bad_key', 'bad_signature', 'room_full', 'too_many_rooms'] as const
export type JoinRefusal = (typeof JOIN_REFUSALS)[number]
