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
// - sync-cost: storage requests and time of a quiet sync and of a one-change sync in teams of
//   10, 100 and 1,000 devices, with change tokens and without (the cost before them).
// - catch-up: 100,000 offline changes over 200 documents pushed and pulled (against an
//   automerge-repo sync server), and a new device opening the first of 1,000 documents, from
//   a snapshot (target <= 2 s) and from the log (target: the snapshot >= 5x faster).
// - live: edit-to-screen latency between two devices through the relay, engine only (targets
//   p50 <= 30 ms, p99 <= 100 ms).
// - storm: 1,000 devices (STORM_DEVICES) with 100 offline changes each come back at once through
//   two relay nodes and Redis, storage on s3rver (targets: all converged <= 30 s, relay peak RSS
//   <= 300 MB, none lost).
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
import { buildSyncCostTeam, syncCostVariant, syncCostVariantName, TEAM_SIZES, type SyncCostTeam, type SyncKind, type Tokens } from './sync-cost.ts'
import { AUTOMERGE_REPO_BACKLOG, automergeRepoBacklog, BACKLOG, BACKLOG_CHANGES, CLIENTFUL_BACKLOG, clientfulBacklog } from './backlog.ts'
import { firstDocumentVariant, firstDocumentVariantName, type FirstDocumentStart } from './first-document.ts'
import { buildManyDocsWorkspace, CHANGES_PER_MANY_DOC, MANY_DOCS, type ManyDocsWorkspace } from './many-docs-workspace.ts'
import { BURST_EDITS, IDLE_EDITS, measureLiveLatency } from './live-latency.ts'
import { measureReconnectStorm, STORM_CHANGES, STORM_DEVICES, STORM_TEAM, STORM_WORKERS } from './storm.ts'

const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const WARMUPS = 1
const SECURITY_PRICE_TARGET = 1.25
const ATTACHMENT_THROUGHPUT_TARGET = 0.7
const RELAY_VS_RAW_TARGET = 0.8
const RELAY_VS_Y_WEBSOCKET_TARGET = 2
const RESULTS_FILE = new URL('./results.json', import.meta.url)
const DURABLE_P95_TARGET_MS = 10
const SUITES = ['sync', 'new-device', 'attachments', 'relay', 'tabs', 'sync-cost', 'catch-up', 'live', 'storm'] as const
/** The catch-up runs take minutes each (100,000 changes): fewer rounds unless asked. */
const CATCH_UP_RUNS = Number(process.env.BENCH_CATCH_UP_RUNS ?? Math.min(RUNS, 3))
const FIRST_DOCUMENT_TARGET_MS = 2_000
const SNAPSHOT_VS_LOG_TARGET = 5
const LIVE_P50_TARGET_MS = 30
const LIVE_P99_TARGET_MS = 100
const STORM_CONVERGE_TARGET_MS = 30_000
const STORM_RSS_TARGET_MB = 300
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
// Only the storage suites need s3rver (the storm starts its own).
const s3rver = suite === 'relay' || suite === 'tabs' || suite === 'live' || suite === 'storm' ? [] : await tryBackend('s3rver', s3rverBackend)
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
  if (runs('sync-cost')) reports.push(await syncCostSuite())
  if (runs('catch-up')) reports.push(await catchUpSuite())
  if (runs('live')) reports.push(await liveSuite())
  if (runs('storm')) reports.push(await stormSuite())
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

async function syncCostSuite(): Promise<Report> {
  const backend = s3rver[0] ?? backends[0]!
  const kinds: SyncKind[] = ['quiet', 'one change']
  const tokens: Tokens[] = ['tokens', 'no tokens']
  const teams = new Map<number, SyncCostTeam>()
  const setupNotes: string[] = []
  try {
    for (const size of TEAM_SIZES) {
      const team = await buildSyncCostTeam(backend, size)
      teams.set(size, team)
      setupNotes.push(`team of ${size.toLocaleString('en')} on ${backend.name}: built and first synced in ${(team.setupMs / 1000).toFixed(1)} s (untimed)`)
    }
    const variants = TEAM_SIZES.flatMap((size) => kinds.flatMap((kind) => tokens.map((t) => syncCostVariant(() => teams.get(size)!, kind, t, size))))
    console.log(`sync-cost: teams of ${TEAM_SIZES.join(', ')} on ${backend.name}, ${WARMUPS} warm-up + ${RUNS} rounds of ${variants.length} variants`)
    const ratio = ratioIn(await measure(variants, { warmups: WARMUPS, runs: RUNS, log }))
    const ratios: Ratio[] = TEAM_SIZES.flatMap((size) =>
      kinds.flatMap((kind) => [
        ratio.counts(`${kind} sync, ${size.toLocaleString('en')} devices: requests with tokens / without`, syncCostVariantName(size, kind, 'tokens'), syncCostVariantName(size, kind, 'no tokens'), 'requests'),
        ratio.ms(`${kind} sync, ${size.toLocaleString('en')} devices: time with tokens / without`, syncCostVariantName(size, kind, 'tokens'), syncCostVariantName(size, kind, 'no tokens'), 'sync'),
      ]),
    )
    // What a quiet sync costs as the team grows tenfold twice: 1 means flat.
    ratios.push(
      ratio.counts('quiet sync with tokens, requests: 1,000 devices / 10', syncCostVariantName(1_000, 'quiet', 'tokens'), syncCostVariantName(10, 'quiet', 'tokens'), 'requests', 1.01),
      ratio.counts('quiet sync without tokens, requests: 1,000 devices / 10', syncCostVariantName(1_000, 'quiet', 'no tokens'), syncCostVariantName(10, 'quiet', 'no tokens'), 'requests'),
    )
    return {
      suite: 'sync-cost',
      measured: ratio.measured,
      ratios,
      notes: [...setupNotes, 'requests are calls to the storage adapter; a listing of more than 1,000 keys is one call that the S3 adapter pages (2 HTTP requests at 1,001-2,000 keys)'],
      phases: ['sync', 'sync cpu'],
      spread: ['sync'],
      settings: { runs: RUNS, warmups: WARMUPS },
    }
  } finally {
    for (const team of teams.values()) await team.dispose()
  }
}

async function catchUpSuite(): Promise<Report> {
  const backend = s3rver[0] ?? backends[0]!
  let template: Promise<ManyDocsWorkspace> | undefined
  const manyDocs = (): Promise<ManyDocsWorkspace> => (template ??= buildManyDocsWorkspace())
  const starts: FirstDocumentStart[] = ['snapshot', 'log only']
  console.log(`catch-up: building the ${BACKLOG_CHANGES.toLocaleString('en')}-change backlog (clientful and automerge-repo) and the ${MANY_DOCS}-document workspace (untimed)`)
  const clientful = await clientfulBacklog(backend)
  const repo = await automergeRepoBacklog()
  try {
    const variants = [clientful.variant, repo.variant, ...starts.map((start) => firstDocumentVariant(backend, start, manyDocs))]
    console.log(`catch-up: ${CATCH_UP_RUNS} rounds of ${variants.length} variants on ${backend.name} (no warm-up: each run is long)`)
    const measured = await measure(variants, { warmups: 0, runs: CATCH_UP_RUNS, log })
    const ratio = ratioIn(measured)
    const snapshot = firstDocumentVariantName(backend, 'snapshot')
    const logOnly = firstDocumentVariantName(backend, 'log only')
    const firstDoc = measured.find((m) => m.name === snapshot)?.ms['first document'] ?? NaN
    const ratios: Ratio[] = [
      ratio.ms('backlog pull: clientful / automerge-repo sync server', CLIENTFUL_BACKLOG, AUTOMERGE_REPO_BACKLOG, 'pull'),
      ratio.ms('backlog push: clientful / automerge-repo sync server', CLIENTFUL_BACKLOG, AUTOMERGE_REPO_BACKLOG, 'push'),
      ratio.ms('backlog total: clientful / automerge-repo sync server', CLIENTFUL_BACKLOG, AUTOMERGE_REPO_BACKLOG, 'total'),
      { name: `first document from a snapshot: ms / ${FIRST_DOCUMENT_TARGET_MS} ms`, numerator: `${snapshot}: first document`, denominator: `${FIRST_DOCUMENT_TARGET_MS} ms`, value: firstDoc / FIRST_DOCUMENT_TARGET_MS, below: 1 },
      { ...ratio.ms('first document: log / snapshot', logOnly, snapshot, 'first document'), atLeast: SNAPSHOT_VS_LOG_TARGET },
      ratio.counts('first document: requests, log / snapshot', logOnly, snapshot, 'requests'),
    ]
    return {
      suite: 'catch-up',
      measured,
      ratios,
      notes: [],
      phases: ['push', 'pull', 'total', 'join', 'first sync', 'open', 'first document'],
      spread: ['pull', 'first document'],
      settings: { runs: CATCH_UP_RUNS, backlogDocs: BACKLOG.docs, backlogChangesPerDoc: BACKLOG.changesPerDoc, manyDocs: MANY_DOCS, changesPerManyDoc: CHANGES_PER_MANY_DOC },
    }
  } finally {
    await clientful.dispose()
    await repo.dispose()
    if (template) await (await template).dispose()
  }
}

async function liveSuite(): Promise<Report> {
  console.log(`live: ${IDLE_EDITS} edits one at a time and ${BURST_EDITS} in a burst, device A to device B through the relay`)
  const latencies = await measureLiveLatency()
  const row = (name: string, values: number[]): Measured => ({
    name,
    runs: [],
    ms: { p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values) },
    counts: { edits: values.length },
  })
  const target = (name: string, values: number[], p: number, ms: number): Ratio => ({
    name: `${name}: p${p} / ${ms} ms`,
    numerator: `${name}: p${p} ms`,
    denominator: `${ms} ms`,
    value: percentile(values, p) / ms,
    below: 1,
  })
  const idle = 'an edit after a pause, on the other device'
  const burst = 'edits every 5 ms, on the other device'
  return {
    suite: 'live',
    measured: [row(idle, latencies.idle), row(burst, latencies.burst)],
    ratios: [
      target(idle, latencies.idle, 50, LIVE_P50_TARGET_MS),
      target(idle, latencies.idle, 99, LIVE_P99_TARGET_MS),
      target(burst, latencies.burst, 50, LIVE_P50_TARGET_MS),
      target(burst, latencies.burst, 99, LIVE_P99_TARGET_MS),
    ],
    notes: ['from the change on A to the change event on B\'s handle, one clock (both devices in this process); relay in its own process, storage a local folder'],
    phases: ['p50', 'p99', 'max'],
    spread: [],
    settings: { idleEdits: IDLE_EDITS, burstEdits: BURST_EDITS },
  }
}

async function stormSuite(): Promise<Report> {
  console.log(`storm: ${STORM_DEVICES} devices in teams of ${STORM_TEAM} over ${STORM_WORKERS} worker processes, ${STORM_CHANGES} offline changes each (one run)`)
  const storm = await measureReconnectStorm(log)
  const { counts } = storm
  const converge = storm.ms['all converged'] ?? NaN
  const ratios: Ratio[] = [
    { name: `all converged: ms / ${STORM_CONVERGE_TARGET_MS} ms`, numerator: `${storm.name}: all converged`, denominator: `${STORM_CONVERGE_TARGET_MS} ms`, value: converge / STORM_CONVERGE_TARGET_MS, below: 1 },
    { name: `relay peak RSS: MB / ${STORM_RSS_TARGET_MB} MB`, numerator: `${storm.name}: relay peak rss MB`, denominator: `${STORM_RSS_TARGET_MB} MB`, value: (counts['relay peak rss MB'] ?? NaN) / STORM_RSS_TARGET_MB, below: 1 },
    { name: 'devices lost (never converged)', numerator: `${storm.name}: lost`, denominator: '1', value: counts.lost ?? NaN, below: 1 },
  ]
  return {
    suite: 'storm',
    measured: [storm],
    ratios,
    notes: [],
    phases: ['all converged', 'all uploaded'],
    spread: [],
    settings: { devices: STORM_DEVICES, team: STORM_TEAM, workers: STORM_WORKERS, offlineChanges: STORM_CHANGES },
  }
}
