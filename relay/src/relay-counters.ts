// The plain counts behind stats() and /metrics. Apart from the context so that metrics.ts can
// read them without importing the context, which itself holds the metrics.

import { ADMISSION_REFUSALS, DROP_REASONS, JOIN_REFUSALS, type AdmissionRefusal, type DropReason, type JoinRefusal } from './refusal-reasons.ts'

/** Counts only: the relay has nothing else to report. Plain numbers, so the hot path pays nothing. */
export interface RelayCounters {
  framesIn: number
  bytesIn: number
  framesSent: number
  bytesSent: number
  framesDelivered: number
  joins: number
  joinsRefused: number
  badFrames: number
  rateLimited: number
  upgradesAdmitted: number
  upgradesRefused: number
  slowConsumersClosed: number
  policyCloses: number
  heartbeatTerminations: number
  redisPublished: number
  redisReceived: number
  redisErrors: number
  readonly drops: Record<DropReason, number>
  readonly refusals: Record<AdmissionRefusal, number>
  readonly joinRefusals: Record<JoinRefusal, number>
  /** Closed connections by WebSocket close code. */
  readonly closes: Map<number, number>
}

export function createCounters(): RelayCounters {
  const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  return {
    framesIn: 0,
    bytesIn: 0,
    framesSent: 0,
    bytesSent: 0,
    framesDelivered: 0,
    joins: 0,
    joinsRefused: 0,
    badFrames: 0,
    rateLimited: 0,
    upgradesAdmitted: 0,
    upgradesRefused: 0,
    slowConsumersClosed: 0,
    policyCloses: 0,
    heartbeatTerminations: 0,
    redisPublished: 0,
    redisReceived: 0,
    redisErrors: 0,
    drops: zeros(DROP_REASONS),
    refusals: zeros(ADMISSION_REFUSALS),
    joinRefusals: zeros(JOIN_REFUSALS),
    closes: new Map(),
  }
}

export function countDrop(counters: RelayCounters, reason: DropReason, frames = 1): void {
  counters.drops[reason] += frames
}
