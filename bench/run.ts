// `npm run bench`, four suites (`npm run bench -- relay` or BENCH_SUITE=relay runs one):
// - sync: 10,000 offline changes across 20 documents pushed by one device and pulled,
//   verified and applied by another, through storage only; with security on and off (the
//   price of security, target < 1.25) and against an automerge-repo sync server.
// - new-device: a new device joins a workspace where 5 devices made 1,000 changes each, and
//   does its first sync, from the log alone and from a snapshot, through each storage; time
//   and what it asked of storage.
// - attachments: a 50 MB attachment uploaded (add + sync) and downloaded (a new device's cold
//   read, then a warm one) through s3rver, against a raw PutObject/GetObject of the same bytes
//   through the same S3 adapter and through the AWS SDK directly (target: Clientful >= 0.7 of
//   raw throughput, each way).
// - relay: fan-out to 100 members of one room against a raw ws broadcast server (target >= 0.8)
//   and a y-websocket server (target >= 2); a 1,000-client reconnect storm; 10,000 idle
//   connections on one node (time to connect, memory).
// - tabs: three tabs of one device (the built app in Chromium): an edit in one tab to the
//   screen of another, p50/p95, and to the device's disk (target p95 <= 10 ms).
// Each suite's variants run in the same rounds (see harness.ts). BENCH_RUNS changes the number
// of rounds.

import { ATTACHMENT_MB, attachmentContent, CLIENTFUL, clientfulVariant, RAW_ADAPTER, rawAdapterVariant, SDK_DIRECT, sdkDirectVariant } from './attachment-throughput.ts'
import { automergeRepoSync } from './automerge-repo-sync.ts'
import { clientfulStorageSync } from './clientful-storage-sync.ts'
import { measure, type Measured, type Variant } from './harness.ts'
import { newDeviceCatchUp, newDeviceVariantName, sharedTeamWorkspace, type Start } from './new-device-catch-up.ts'
import { fanoutVariants, MESSAGES, RAW, RELAY, startFanoutServers, SUBSCRIBERS, Y_WEBSOCKET, yjsSyncMessages } from './relay-fanout.ts'
import { IDLE_CONNECTIONS, IDLE_FD_NEED, measureIdle, measureStorm, openFileLimit, STORM_CLIENTS } from './relay-idle.ts'
import { printReport, writeResults, type Ratio, type Report } from './report.ts'
import { EDITS_PER_WRITER, measureTabLatency, percentile } from './tab-latency.ts'
import { driveMockBackend, localFolderBackend, s3rverBackend, type S3rverBackend, type StorageBackend } from './storage-backends.ts'
import { CHANGES_PER_DEVICE, TEAM_DEVICES, TEAM_DOCS } from './team-workspace.ts'
import { CHANGES_PER_DOC, DOCS, TASKS_PER_DOC } from './workload.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const WARMUPS = 1
const SECURITY_PRICE_TARGET = 1.25
const ATTACHMENT_THROUGHPUT_TARGET = 0.7
const RELAY_VS_RAW_TARGET = 0.8
const RELAY_VS_Y_WEBSOCKET_TARGET = 2
const RESULTS_FILE = new URL('./results.json', import.meta.url)
const DURABLE_P95_TARGET_MS = 10
const SUITES = ['sync', 'new-device', 'attachments', 'relay', 'tabs'] as const
const suite = process.argv[2] ?? process.env.BENCH_SUITE
if (suite !== undefined && !(SUITES as readonly string[]).includes(suite)) throw new Error(`the suite (argument or BENCH_SUITE) must be one of ${SUITES.join(', ')}`)
const runs = (name: (typeof SUITES)[number]): boolean => suite === undefined || suite === name

const notes: string[] = []
async function tryBackend<B extends StorageBackend>(name: string, start: () => Promise<B>): Promise<B[]> {
  try {
    return [await start()]
  } catch (error) {
    notes.push(`${name} skipped: ${error instanceof Error ? error.message : String(error)}`)
    return []
  }
}
const log = (line: string): void => console.log(line)
// Only the storage suites need s3rver.
const s3rver = suite === 'relay' || suite === 'tabs' ? [] : await tryBackend('s3rver', s3rverBackend)
const backends: StorageBackend[] = [localFolderBackend(), ...s3rver]
const reports: Report[] = []

try {
  if (runs('sync')) reports.push(await syncSuite())
  if (runs('new-device')) reports.push(await newDeviceSuite())
  if (runs('attachments')) {
    if (s3rver[0]) reports.push(await attachmentsSuite(s3rver[0]))
    else notes.push('attachments suite skipped: it needs s3rver')
  }
  if (runs('relay')) reports.push(...(await relaySuite()))
  if (runs('tabs')) reports.push(await tabsSuite())
} finally {
  for (const backend of backends) await backend.stop()
}

for (const report of reports) printReport(report)
for (const note of notes) console.log(`note: ${note}`)
await writeResults(RESULTS_FILE, reports, notes)
console.log(`\nwrote ${RESULTS_FILE.pathname}`)

async function syncSuite(): Promise<Report> {
  const variants: Variant[] = [
    ...backends.flatMap((b) => [clientfulStorageSync(b, 'on'), clientfulStorageSync(b, 'off')]),
    automergeRepoSync(),
  ]
  console.log(`sync: ${DOCS} documents x ${CHANGES_PER_DOC} changes, ${WARMUPS} warm-up + ${RUNS} rounds of ${variants.length} variants`)
  const ratio = ratioIn(await measure(variants, { warmups: WARMUPS, runs: RUNS, log }))
  const ratios: Ratio[] = []
  for (const backend of backends) {
    const on = clientfulStorageSync(backend, 'on').name
    const off = clientfulStorageSync(backend, 'off').name
    const price = `price of security, ${backend.name}`
    ratios.push(
      ratio.ms(price, on, off, 'total', SECURITY_PRICE_TARGET),
      ratio.ms(`${price}, push`, on, off, 'push'),
      ratio.ms(`${price}, pull`, on, off, 'pull'),
      ratio.ms(`${price}, cpu time`, on, off, 'total cpu'),
    )
  }
  const baseline = automergeRepoSync().name
  for (const backend of backends) {
    ratios.push(ratio.ms(`clientful ${backend.name} / automerge-repo`, clientfulStorageSync(backend, 'on').name, baseline, 'total'))
  }
  return { suite: 'sync', measured: ratio.measured, ratios, notes: [], settings: { runs: RUNS, warmups: WARMUPS, docs: DOCS, changesPerDoc: CHANGES_PER_DOC, tasksPerDoc: TASKS_PER_DOC } }
}

async function newDeviceSuite(): Promise<Report> {
  const drive = await tryBackend('drive mock', driveMockBackend)
  const team = sharedTeamWorkspace()
  const targets = [...backends, ...drive]
  const starts: Start[] = ['log only', 'snapshot']
  const variants = targets.flatMap((b) => starts.map((start) => newDeviceCatchUp(b, start, team)))
  console.log(`new-device: ${TEAM_DEVICES} devices x ${CHANGES_PER_DEVICE} changes, ${WARMUPS} warm-up + ${RUNS} rounds of ${variants.length} variants`)
  let measured: Measured[]
  try {
    measured = await measure(variants, { warmups: WARMUPS, runs: RUNS, log })
  } finally {
    for (const backend of drive) await backend.stop()
    await (await team()).dispose()
  }
  const ratio = ratioIn(measured)
  const ratios = targets.flatMap((b) => {
    const [logOnly, snapshot] = starts.map((start) => newDeviceVariantName(b, start)) as [string, string]
    return [
      ratio.ms(`new device from a snapshot / from the log, ${b.name}`, snapshot, logOnly, 'total'),
      ratio.counts(`new device from a snapshot / from the log, ${b.name}, requests`, snapshot, logOnly, 'requests'),
    ]
  })
  return {
    suite: 'new-device',
    measured,
    ratios,
    notes: [],
    phases: ['join', 'first sync', 'total', 'total cpu'],
    settings: { teamDevices: TEAM_DEVICES, changesPerDevice: CHANGES_PER_DEVICE, teamDocs: TEAM_DOCS, runs: RUNS, warmups: WARMUPS },
  }
}

async function attachmentsSuite(s3: S3rverBackend): Promise<Report> {
  const content = attachmentContent()
  const variants = [rawAdapterVariant(s3, content), sdkDirectVariant(s3, content), clientfulVariant(s3, content)]
  console.log(`attachments: ${ATTACHMENT_MB} MB through s3rver, ${WARMUPS} warm-up + ${RUNS} rounds of ${variants.length} variants`)
  const ratio = ratioIn(await measure(variants, { warmups: WARMUPS, runs: RUNS, log }))
  const target = ATTACHMENT_THROUGHPUT_TARGET
  const ratios: Ratio[] = [
    ratio.throughput('clientful / raw S3 adapter, upload (add + sync)', CLIENTFUL, 'upload', RAW_ADAPTER, 'upload', target),
    ratio.throughput('clientful / raw S3 adapter, download (cold)', CLIENTFUL, 'download', RAW_ADAPTER, 'download', target),
    ratio.throughput('clientful / raw S3 adapter, upload: sync alone', CLIENTFUL, 'sync', RAW_ADAPTER, 'upload'),
    ratio.throughput('clientful / raw S3 adapter, warm read / raw download', CLIENTFUL, 'warm read', RAW_ADAPTER, 'download'),
    ratio.throughput('clientful / AWS SDK direct, upload (add + sync)', CLIENTFUL, 'upload', SDK_DIRECT, 'upload'),
    ratio.throughput('clientful / AWS SDK direct, download (cold)', CLIENTFUL, 'download', SDK_DIRECT, 'download'),
    ratio.throughput('raw S3 adapter / AWS SDK direct, upload', RAW_ADAPTER, 'upload', SDK_DIRECT, 'upload'),
    ratio.throughput('raw S3 adapter / AWS SDK direct, download', RAW_ADAPTER, 'download', SDK_DIRECT, 'download'),
  ]
  return {
    suite: 'attachments',
    measured: ratio.measured,
    ratios,
    notes: [],
    phases: ['upload', 'download', 'add', 'sync', 'warm read', 'upload cpu', 'upload server cpu', 'download cpu', 'download server cpu'],
    spread: ['upload', 'download'],
    throughput: { mb: ATTACHMENT_MB, phases: ['upload', 'download', 'add', 'sync', 'warm read'] },
    settings: { attachmentMB: ATTACHMENT_MB, runs: RUNS, warmups: WARMUPS },
  }
}

async function relaySuite(): Promise<Report[]> {
  const servers = await startFanoutServers()
  const messages = yjsSyncMessages()
  const variants = fanoutVariants(servers, messages)
  console.log(`relay fan-out: ${MESSAGES} messages to ${SUBSCRIBERS} members, ${WARMUPS} warm-up + ${RUNS} rounds of ${variants.length} servers`)
  let measured: Measured[]
  try {
    measured = await measure(variants, { warmups: WARMUPS, runs: RUNS, log })
  } finally {
    await servers.stop()
  }
  const rate = (name: string): number => measured.find((m) => m.name === name)?.counts['deliveries/s'] ?? NaN
  const cpu = (name: string): number => measured.find((m) => m.name === name)?.ms['server cpu'] ?? NaN
  const deliveries = (numerator: string, denominator: string, atLeast?: number): Ratio => ({
    name: `${numerator} / ${denominator}, deliveries per second`,
    numerator: `${numerator}: deliveries/s`,
    denominator: `${denominator}: deliveries/s`,
    value: rate(numerator) / rate(denominator),
    ...(atLeast !== undefined && { atLeast }),
  })
  // Server CPU for the same deliveries, inverted so that above 1 means "less CPU than the other".
  const efficiency = (numerator: string, denominator: string): Ratio => ({
    name: `${numerator} / ${denominator}, deliveries per server CPU second`,
    numerator: `${denominator}: server cpu`,
    denominator: `${numerator}: server cpu`,
    value: cpu(denominator) / cpu(numerator),
  })
  const settings = { runs: RUNS, warmups: WARMUPS, subscribers: SUBSCRIBERS, messages: MESSAGES, stormClients: STORM_CLIENTS, idleConnections: IDLE_CONNECTIONS }
  const fanout: Report = {
    suite: 'relay',
    measured,
    ratios: [
      deliveries(RELAY, RAW, RELAY_VS_RAW_TARGET),
      deliveries(RELAY, Y_WEBSOCKET, RELAY_VS_Y_WEBSOCKET_TARGET),
      efficiency(RELAY, RAW),
      efficiency(RELAY, Y_WEBSOCKET),
    ],
    notes: [],
    phases: ['fan-out', 'server cpu'],
    spread: ['fan-out'],
    settings,
  }

  console.log(`relay capacity: a storm of ${STORM_CLIENTS} clients, then ${IDLE_CONNECTIONS} idle connections (one run each)`)
  const capacity: Measured[] = [await measureStorm()]
  const capacityNotes: string[] = []
  const fdLimit = openFileLimit()
  if (fdLimit >= IDLE_FD_NEED || Number.isNaN(fdLimit)) {
    capacity.push(await measureIdle('default'), await measureIdle('unthrottled'))
  } else {
    capacityNotes.push(`${IDLE_CONNECTIONS} idle connections skipped: ulimit -n is ${fdLimit}, the bench needs ${IDLE_FD_NEED} (raise it: ulimit -n 20000)`)
  }
  for (const m of capacity) log(`  ${m.name}: ${JSON.stringify({ ...m.ms, ...m.counts })}`)
  return [fanout, { suite: 'relay', measured: capacity, ratios: [], notes: capacityNotes, phases: ['connect all'], spread: [], settings }]
}

function ratioIn(measured: Measured[]) {
  const byName = new Map(measured.map((m) => [m.name, m]))
  const make = (field: 'ms' | 'counts') => (name: string, numerator: string, denominator: string, key: string, below?: number): Ratio => ({
    name,
    numerator: `${numerator}: ${key}`,
    denominator: `${denominator}: ${key}`,
    value: (byName.get(numerator)?.[field][key] ?? NaN) / (byName.get(denominator)?.[field][key] ?? NaN),
    ...(below !== undefined && { below }),
  })
  /** Throughput of one phase against another's, for the same bytes: the inverse of their times. */
  const throughput = (name: string, numerator: string, numeratorPhase: string, denominator: string, denominatorPhase: string, atLeast?: number): Ratio => ({
    name,
    numerator: `${numerator}: ${numeratorPhase} MB/s`,
    denominator: `${denominator}: ${denominatorPhase} MB/s`,
    value: (byName.get(denominator)?.ms[denominatorPhase] ?? NaN) / (byName.get(numerator)?.ms[numeratorPhase] ?? NaN),
    ...(atLeast !== undefined && { atLeast }),
  })
  return { measured, ms: make('ms'), counts: make('counts'), throughput }
}

async function tabsSuite(): Promise<Report> {
  console.log(`tabs: ${EDITS_PER_WRITER} edits from the engine tab and ${EDITS_PER_WRITER} from a follower tab, three tabs of one device`)
  const latencies = await measureTabLatency()
  const row = (name: string, values: number[]): Measured => ({
    name,
    runs: [],
    ms: { p50: percentile(values, 50), p95: percentile(values, 95), max: Math.max(...values) },
    counts: { edits: values.length },
  })
  const measured = [
    row('edit in the engine tab, on a follower tab\'s screen', latencies.engineToFollower),
    row('edit in a follower tab, on another follower tab\'s screen', latencies.followerToFollower),
    row('edit in the engine tab, on the device\'s disk', latencies.durableInEngineTab),
    row('edit in a follower tab, on the device\'s disk', latencies.durableInFollowerTab),
  ]
  const durable = (name: string, values: number[]): Ratio => ({
    name: `${name}: p95 / ${DURABLE_P95_TARGET_MS} ms`,
    numerator: `${name}: p95 ms`,
    denominator: `${DURABLE_P95_TARGET_MS} ms`,
    value: percentile(values, 95) / DURABLE_P95_TARGET_MS,
    below: 1,
  })
  return {
    suite: 'tabs',
    measured,
    ratios: [durable('durable in the engine tab', latencies.durableInEngineTab), durable('durable in a follower tab', latencies.durableInFollowerTab)],
    notes: ['from the button press (pointerdown) to the title on screen (MutationObserver) or to the save event, on the browser\'s own clock'],
    phases: ['p50', 'p95', 'max'],
    spread: [],
    settings: { edits: EDITS_PER_WRITER },
  }
}
