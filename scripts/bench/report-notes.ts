/**
 * The prose of docs/benchmarks.md that is not generated from a run's JSON: the round trips of a birth's history, the
 * tuning log (before and after of each change, copied from the runs it names) and how to read the figures.
 */

export const ROUND_TRIPS = `## Round trips per birth

Every history event is a write on the Temporal server and every workflow task a round trip between the server and
the orchestrator. A birth as the benchmark runs it (on time, agencies answering at once, Kemensos's ticket decided by
the first check), recorded from the running system by the life-events e2e suite (\`SIMPUL_RECORD_HISTORIES=1\`):

| | before: fixture birth-v3-auto-polled | fixture birth-v3-auto-lean (patch \`lean-history\`) | now: fixture birth-v3-auto-lean-input (lean by the input) |
| --- | --- | --- | --- |
| history events | 64 | 44 | 42 |
| workflow tasks | 6 | 6 | 6 |
| search-attribute upserts (per workflow task) | 11 (8, 1, 0, 1, 0, 1) | 2 (1, 0, 0, 0, 0, 1) | 1 (0, 0, 0, 0, 0, 1) |
| patch markers | 8 | 1 | 0 |
| SLA timers started / cancelled | 3 / 3 | 1 / 1 (the asynchronous Kemensos step) | 1 / 1 |
| status-event local activities (one per workflow task that changed a status) | 5 | 5 | 5 |
| agency activities; polling timers | 4; 1 | 4; 1 | 4; 1 |

What the lean-history patch (\`workflows/src/versioning.ts\`, \`sla.ts\`, \`status-publisher.ts\`) removed, for applications started
with it (older histories replay through the individual patches as before; both fixtures replay in the integration
test):

- **one patch marker instead of eight.** Each \`patched()\` call of a new workflow records a marker, and Temporal's core
  SDK also upserts the \`TemporalChangeVersion\` search attribute with each (an internal flag, not an option), so eight
  patches were sixteen events in the first workflow task. \`lean-history\` is checked first; when it is recorded, every
  earlier patch's new path applies without its own marker.
- **no redundant search-attribute upserts.** The orchestrator now starts the workflow with \`SimpulLifeEvent\` and
  \`SimpulApplicationStatus = IN_PROGRESS\` (\`initialSearchAttributes\`, libs/contracts); the workflow upserts the
  status only when it changes (operators filter by it; README), so the only upsert left is the final status, plus the
  \`TemporalChangeVersion\` of the one marker: at most one per workflow task.
- **SLA timers only where a step can wait**: at once for an asynchronous agency (its answer may take hours, the
  workflow cannot see it coming), otherwise only once the step waits for an officer, the citizen, an operator, a
  polled ticket or an agency that is down, for what is left of the SLA, so an escalation comes when it came before
  (the e2e test "escalates a step that waits longer than its SLA" passes; fixture birth-v3-escalated-waiting-lean).
- status events were already **batched per workflow task** (patch \`batched-status-events\`): one local activity per
  workflow task that changed a status; five remain, one per task except the first check's.
- **no marker at all** since the orchestrator starts every workflow with \`leanHistory: true\` in its input
  (\`LifeEventWorkflowInput\`, libs/contracts): the run takes the lean paths without calling \`patched()\`, so neither
  the \`lean-history\` marker nor the \`TemporalChangeVersion\` upsert the core writes with it is recorded. The input
  is part of the history's first event, so a replay decides the same way; a history whose first task an older worker
  ran holds the marker, and the workflow takes it then (\`Patches.atStart\`, workflows/src/versioning.ts; the
  integration test replays such a history). Older histories, without the flag, replay through \`patched()\` as before.

The integration test \`test/integration/history-size.int-spec.ts\` (part of \`npm test\`) runs the same birth with
scripted agencies on a Temporal dev server, started as the orchestrator starts it, and fails if it takes more than 42
events or 6 workflow tasks, a patch marker, more than one search-attribute upsert in all, or more than two timers. The hand-written birth of series (a2) takes
about 31 events for the same shape (4 activities, the polling timer, 5–6 workflow tasks, no markers or upserts); the
bare no-op graph about 20 (3 activities, 3–4 workflow tasks, no polling).
`;

export const TUNING_LOG = `## Tuning log (before and after, each measured by \`npm run bench -- --quick\` or \`-- --tune\` on this machine)

Each row names the runs it compares; their JSON files are not kept, the figures are copied here. Quick runs of the same
code differ by about one rate step (portal-api intake sustained 400/s in one run and 600/s in the next, same code), so
a change is counted only where it moved more than that or moved the CPU per application. The rows up to "prebuilt
workflow bundle" predate Kemensos's polling (its proposal now waits for a batch and a check 2 s later, in the pipeline
and in the hand-written birth alike): their latencies are not comparable with the runs above. The rows of issue #25
(lean orchestration) come first; they were measured on a machine shared with other test runs (load averages 7–40):
CPU seconds per birth move less with the load than rates and latencies do, so those rows rely on them.

| change | before | after |
| --- | --- | --- |
| **the same rate for every series** (\`npm run bench\`): CPU per birth is now also metered step by step, and the Temporal server's ratio is taken at the highest rate all three series sustained. Over whole phases the server's fixed work (its own housekeeping, pollers' long polls, SQLite) was spread over 5 250 bare births and 390 pipeline ones in run \`db57acd2\`, so the ratio measured the phases' lengths as much as the births. A method change, not a speed-up: both figures are in the report | run \`db57acd2\` (whole phases): Temporal server 0.1213 CPU-s per pipeline birth, 0.0793 hand-written, 0.0433 bare: 2.804 × bare | tune runs at 4/s (\`npm run bench -- --tune 4\`, one step of 40 s for the hand-written birth and the pipeline, four runs, load averages 5–8): Temporal server 0.103–0.110 CPU-s per pipeline birth against 0.096–0.117 for the hand-written one in the same run (1.03–1.14 ×); the final run's same-rate figures are in "Last run" |
| **status projection, fewer round trips**: a batch's applications are read in one statement (status included, then followed in memory: the projector is the status's one writer), each application's live streams are woken with one NOTIFY per batch instead of one per event, and the step's start time for the duration metric comes back from the step's upsert (\`RETURNING\`) instead of a SELECT: per event four to five statements instead of seven to eight. Also found: a status event whose application id is not a UUID failed in PostgreSQL at every retry, holding its partition; it is poison now (integration test) | A/B in tune runs at 4/s, base \`ee1baac0\`, \`43d0e34e\` (commit 7e4dfc4): status projector 0.0330 and 0.0318 CPU-s per birth, PostgreSQL 0.0357 and 0.0399 | new \`38df39b0\`, \`ef47d2e9\`, alternating with the base runs: 0.0306 and 0.0301 (−6 %), PostgreSQL 0.0333 and 0.0318 (−12 %). **Kept** |
| **lean by the input** (\`leanHistory\` set by the orchestrator; see "Round trips per birth"): no patch marker and no \`TemporalChangeVersion\` upsert per birth | 44 events, 2 upserts (fixture birth-v3-auto-lean); same A/B: Temporal server 0.1067 and 0.1029 CPU-s per birth | 42 events, 1 upsert (fixture birth-v3-auto-lean-input; history-size test): 0.1101 and 0.1073, no change beyond the noise: two events of 42 weigh little beside the workflow and activity tasks each birth needs (the same count as the hand-written birth's). **Kept** for the smaller history and one visibility write less |
| **a step's lane in one statement** (agency workers): the lane row is inserted and returned by one \`INSERT … RETURNING\` instead of an INSERT and a SELECT, and the connection registry is read with one plain statement instead of TypeORM's \`find\` with three alternatives | same A/B: the three birth agency workers together 0.0540 and 0.0602 CPU-s per birth | 0.0541 and 0.0515: no change beyond the noise (a birth makes three such calls). **Kept**: simpler and never slower |
| **lean-history** (patch \`lean-history\`, \`workflows/src/versioning.ts\`, \`sla.ts\`, \`status-publisher.ts\`; the orchestrator starts workflows with status \`IN_PROGRESS\`): one patch marker instead of eight (each also a core-recorded \`TemporalChangeVersion\` upsert), the status search attribute upserted only when it changes, SLA timers only where a step can wait (see "Round trips per birth") | run \`85122912\` (same code with the patch switched off; load average 21.75 / 25.02 / 16.91 at the start): a birth 64 history events, 11 upserts, 8 markers, 3 SLA timers (fixture birth-v3-auto-polled); Temporal server 0.110 CPU-s per birth (hand-written 0.057, bare 0.051), orchestrator 0.093; all processes 0.425; pipeline sustained 4/s beside hand-written 12/s | run \`67dbc2c7\` (with the codec row below; load average 4.32 / 9.46 / 6.18): 44 events, 2 upserts, 1 marker, 1 SLA timer (fixture birth-v3-auto-lean; test history-size.int-spec.ts); Temporal server 0.121 CPU-s per birth (hand-written 0.093, bare 0.051), orchestrator 0.171; all processes 0.843; pipeline 2/s beside hand-written 4/s. **Kept**, on the history figures: the two runs' CPU per birth is not comparable (run \`67dbc2c7\` completed 56 births in its pipeline phase at a load average around 15, run \`85122912\` 120, and the fixed cost of ten app processes is spread over the births of the phase), and a cleaner pair of runs did not fit the time |
| **payload codec framing**: a sealed payload held JSON of base64 fields (the bytes grew by a third before encryption); now the payload's protobuf bytes, as Temporal's own encryption sample does (\`FRAMING_METADATA\`; the JSON framing still opens, unit test). Found in the orchestrator's profile (\`fromJson\` of payload-codec.js among its top frames, run \`58880a58\` with \`--cpu-prof\`). Measured apart (20 000 seals and opens of a birth's workflow input, 862 bytes, \`process.cpuUsage\`), because per birth it is below the bench's noise | seal 22.6 µs, open 15.3 µs; 1 234 bytes sealed | seal 12.1 µs, open 6.9 µs; 917 bytes sealed (−26 % in the history and on the wire to the Temporal server). **Kept** |
| status events through **local activities** (patch \`local-status-events\`): each of a birth's eleven status events was an activity task (scheduled, polled, started, completed through the Temporal server); now a marker in the workflow task | run \`8af173d2\` (load average 14): Temporal server 0.41 CPU-s per application, orchestrator 0.19; pipeline p50 8.4 s at 2/s, not sustained; a birth's history 104 events, 13 workflow tasks (fixture birth-v3-auto) | run \`17f12daf\` (load average 5–7): Temporal server 0.14 CPU-s, orchestrator 0.14; pipeline sustained 4/s, p50 0.38 s at 1/s; 55 events, 4 workflow tasks (fixture birth-v3-auto-local-status) |
| the dev server's **SQLite settings**: \`journal_mode=WAL\`, \`synchronous=NORMAL\` (\`scripts/stack.sh\`; \`SIMPUL_TEMPORAL_SQLITE_PRAGMAS\` overrides, empty = SQLite's defaults). Every workflow task is a SQLite transaction; with the default rollback journal each one waits for fsyncs. In WAL mode with NORMAL a power cut (not a process crash) may lose the last transactions: acceptable for a development server; production runs Temporal on PostgreSQL | run \`5665b7f5\`: bare Temporal sustained 16/s, p50 97 ms at 1/s; pipeline 4/s | run \`132c1e40\`: bare Temporal 32/s (then the quick plan's top step), p50 52 ms; pipeline 8/s (with the next two rows; the bare figures move with this row alone) |
| **Kafka producer batching** with \`acks=all\` and the idempotent producer kept: a group commit (\`GroupSender\`, libs/messaging): status events handed over while a request is in flight leave together in the next one, in order; each caller goes on only once Kafka acknowledged its message. kafkajs has no linger; this adds no wait at low load | run \`5665b7f5\`: one request per status event, one in flight per producer; Kafka 0.069 CPU-s per application, orchestrator 0.121 | run \`132c1e40\`: Kafka 0.040, orchestrator 0.076 (at 8/s instead of 4/s: part of the drop is the idle share spread over more applications) |
| **projection batching**: the status projector applies the events of a fetched batch (up to 100) in one transaction; if one of them is poison it falls back to one by one, so only that one goes to the dead-letter topic (test: "consumer runner with handleBatch", "applies several events in one transaction") | run \`5665b7f5\`: a transaction per event; status projector 0.044 CPU-s per application, PostgreSQL 0.032 | run \`132c1e40\`: status projector 0.026, PostgreSQL 0.025 |
| **outbox and intake**: portal-api writes the application in one \`INSERT … RETURNING\` and its outbox row in the same transaction, without looking the idempotency key up first (a unique violation means a retry: the first answer is replayed). The outbox relay already sent in batches (up to 200 rows per poll, one \`sendBatch\`) | run \`132c1e40\`: portal-api intake 200/s beside bare 1200/s (0.167) | run \`5f66473f\`: 400/s beside 1200/s (0.333); run \`3ed6df24\`: 600/s beside 1600/s (0.375) |
| V8's young generation for every app process (\`--max-semi-space-size=8\`, scripts/apps.ts and the Dockerfile's NODE_OPTIONS): fewer pages held between scavenges | run \`132c1e40\`: orchestrator peak RSS 274.5 MB | run \`5f66473f\`: 249.3 MB at the same rates |
| **batched status events** (patch \`batched-status-events\`): the workflow hands its events to a queue and goes on; one local activity publishes what was handed over since the previous one left, in order (\`publishStatuses\`), and the workflow waits for the last batch before it completes. A local activity holds its workflow task open, so each awaited publish was a round on the critical path | run \`5f66473f\`: 13 local activities per birth (fixture birth-v3-auto-local-status), eight of them in sequence; pipeline 8/s, p50 298 ms at 1/s (of which the workflow 267 ms); all processes 0.356 CPU-s per application (Temporal server 0.090, orchestrator 0.092, Kafka 0.046, projector 0.030) | run \`3ed6df24\`: 4 local activities (fixture birth-v3-auto-batched-status, 50 history events instead of 55); pipeline 12/s, p50 198 ms (workflow 176 ms); all processes 0.224 CPU-s (0.064, 0.052, 0.022, 0.017) |
| **worker cache**: \`SIMPUL_WORKFLOW_CACHE_SIZE\` (Temporal's sticky cache in the orchestrator; unset = the SDK's default, 2 296 on this machine's 4 GiB heap limit) tried at 100 to bound memory | run \`3ed6df24\` (default): pipeline 12/s; Temporal server 0.064 CPU-s per application, orchestrator 0.052; orchestrator RSS 243 MB at the end of 12/s, peak 278 MB in the overloaded 16/s step | run \`d861a74a\` (100): pipeline 8/s, p50 at 8/s 1.5 s instead of 0.4 s; 0.081 and 0.066 CPU-s (evicted workflows are replayed from their history); RSS 232 MB at the end of 8/s, peak 246 MB. **Kept the default**; the setting stays for operators who must bound memory, at this cost |
| **intake in one statement**: the application row and its outbox row in one \`WITH … INSERT … INSERT\` statement (a statement is its own transaction: both rows or neither), one round trip instead of four (BEGIN, two INSERTs through TypeORM, COMMIT). Measured with \`npm run bench -- --quick --intake-only\` and the CPU per intake request | run \`092b9dbb\`: portal-api 3.0 CPU-ms per accepted request (bare intake process 0.5); portal-api intake 400/s beside bare 1600/s | run \`b93ab6b8\`: portal-api 2.2 CPU-ms; 600/s beside 1200/s |
| **verified-token cache** (\`VerifiedTokenCache\`, libs/auth: a token whose signature was checked is served from memory until its exp, at most the JWKS cache time and a minute) and **no ETag** (every answer is \`no-store\`; Express hashed each body for nothing). The RS256 check was the largest single cost in portal-api's profile during intake (8.6 % of its main thread, run \`11bc780a\` with \`--cpu-prof\`; ETag 0.9 %). The bench's portal client sends every request with one token, as a portal server does; a citizen's first request with a new token still pays the check | run \`b93ab6b8\`: portal-api 2.2 CPU-ms per request (2.5 and 2.7 in two more runs of that code) | runs \`f90eb66b\`, \`b4398bd7\`: 1.7 CPU-ms; intake 600/s beside 1200/s (800/s reached 767/s and 683/s, p95 over the bound) |
| tried: the outbox relay **waiting 10 ms** after a batch smaller than its maximum, so the next carries more rows (new metric \`simpul_outbox_batches_total\`) | run \`b4398bd7\`: 4.6 rows per batch over the portal-api series; portal-api 1.7, Kafka 0.5, PostgreSQL 0.7 CPU-ms per request | run \`9ac28cc6\`: 8.6 rows per batch; 1.8, 0.4, 0.7 CPU-ms: no change beyond the noise, and up to 10 ms more latency under load. **Not kept** |
| prebuilt workflow bundle (\`dist/workflows/workflow-bundle.js\`, built by \`npm run build\`) | — | workers start without webpack (already in place before the benchmark) |

Not changed, with reasons: **worker slots** (\`maxConcurrentWorkflowTaskExecutions\`, activity and local activity
slots): the CPU budget under each run's CPU table shows the two cores used up at the highest sustained rate, by
the servers and the apps together, not a worker waiting for a free slot; more slots only queue more work on the
same two cores. The agency workers' slots are a protection of the agencies (\`SIMPUL_AGENCY_MAX_CONCURRENT\`), not a
speed setting.
`;

/** What the reading below needs of a run's JSON (docs/benchmarks.json). */
export interface ReadingRun {
  run: { id: string; mode: string };
  machine: { loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  targets: Record<string, { target: string; met: boolean }>;
  maxSustainedPerSecond: Record<string, number | null>;
  cpuSecondsPerApplication: Record<string, Record<string, number | null>>;
  latencyBreakdownMs?: Record<string, Record<string, number | null> | undefined>;
  cpuSecondsPerApplicationAtCommonRate?: { rate: number; cpuPerItem: Record<string, Record<string, number>> } | null;
  [ratio: string]: unknown;
}

/** Simpul's own processes (what the hand-written birth does without), and the servers it adds. */
const SIMPUL_OWN = /^(orchestrator|status-projector|portal-api|backoffice|agency-worker:|kafka|citizen-portal|identity-sandbox)/;
const TARGET_NAMES: Record<string, string> = {
  pipeline_vs_handwritten_throughput: 'pipeline / hand-written throughput',
  pipeline_vs_temporal_throughput: 'pipeline / bare no-op graph throughput',
  pipeline_vs_handwritten_p50: 'p50 against the hand-written birth',
  temporal_cpu_vs_bare: 'Temporal server CPU per birth against the bare graph',
  max_app_rss_mb: 'largest app process at steady state (MB)',
  intake_vs_bare_intake_throughput: 'portal-api intake / bare intake throughput',
};

/** "Reading the figures", from the last run's own figures. */
export function reading(b: ReadingRun): string {
  // Per birth at the rate all three sustained where there is one (the same fixed work in each), else over each phase.
  const common = b.cpuSecondsPerApplicationAtCommonRate;
  const cpu: Record<string, Record<string, number | null>> = common?.cpuPerItem ?? b.cpuSecondsPerApplication;
  const basis = common ? `at ${common.rate}/s, the highest rate all three sustained` : 'over each whole phase';
  const total = (phase: string) => Object.values(cpu[phase] ?? {}).reduce<number>((sum, v) => sum + (v ?? 0), 0);
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  const [bare, hand, pipe] = [total('bareTemporal'), total('handwritten'), total('pipeline')];
  const own = Object.entries(cpu.pipeline ?? {})
    .filter(([name, v]) => SIMPUL_OWN.test(name) && (v ?? 0) >= 0.005)
    .sort((x, y) => (y[1] ?? 0) - (x[1] ?? 0));
  const ownSum = own.reduce((sum, [, v]) => sum + (v ?? 0), 0);
  const t = (name: string) => {
    const v = cpu[name]?.temporal;
    return v === undefined || v === null ? null : r3(v);
  };
  const lat = b.latencyBreakdownMs ?? {};
  const targets = Object.entries(TARGET_NAMES)
    .filter(([key]) => b.targets[key])
    .map(([key, name]) => `${name} ${String(b[key] ?? '—')} (${b.targets[key].target}: ${b.targets[key].met ? 'met' : 'missed'})`);
  return `## Reading the figures

- **Issue #25's targets, run \`${b.run.id}\`** (${b.run.mode}; load average ${b.machine.loadAverageAtStart.join(' / ')} at the start,
  ${b.machine.loadAverageAtEnd.join(' / ')} at the end): ${targets.join('; ')}.
- **Latency**: both the pipeline and the hand-written birth wait for Kemensos: its proposal is decided in a batch and
  checked 2 s after it was taken (the agency's protocol, the same schedule in both), so about 2.2 s of either birth is
  that wait (breakdown table: workflow ${lat.handwritten?.workflow ?? '—'} ms hand-written, ${lat.pipeline?.workflow ?? '—'} ms pipeline). What Simpul adds
  on top at the lowest rate: intake ${lat.pipeline?.accepted ?? '—'} ms, outbox, Kafka and the start ${lat.pipeline?.toWorkflowStart ?? '—'} ms, the workflow run's
  status events (local activities holding their workflow task open for Kafka's acknowledgement), encrypted payloads
  and the agency workers' lanes and evidence, and the projection.
- **Throughput and CPU**: on two cores the sustainable rates follow the CPU per birth of everything that runs. All
  processes together (${basis}): bare graph ${r3(bare)} CPU-s per birth, hand-written ${r3(hand)}, pipeline ${r3(pipe)}
  (${hand ? r3(pipe / hand) : '—'} × the hand-written). For 0.8 of the hand-written throughput the pipeline may cost at most
  1.25 × its CPU (${r3(1.25 * hand)}); for 0.6 of the bare graph's, ${r3(bare / 0.6)}, less than the hand-written birth itself, which
  makes the same agency calls. What the pipeline adds is Simpul's own processes and the servers the hand-written birth
  does without, ${r3(ownSum)} CPU-s per birth: ${own.map(([name, v]) => `${name} ${v}`).join(', ')} (CPU table). These
  hold the throughput targets back: each is a separate process with its own share of polling, (de)serialisation and
  garbage collection per message, and none is one hot spot (profiles above: in the orchestrator the Temporal SDK's
  worker with its rxjs pipelines, payload conversion and the codec's AES-GCM, its core bridge, and kafkajs's producer
  requests; in the projector its statements through TypeORM and pg, and kafkajs; in portal-api HTTP, pg and kafkajs).
  Meeting the targets would take fewer hops per birth (agency calls inside the orchestrator's worker, no
  Kafka between the workflow and the read model), which the architecture's fixed parts (docs/architecture.md: one
  adapter per agency in its own worker, status events on Kafka for every consumer) rule out; the columns' processes
  idle beside a birth (citizen-portal, identity-sandbox, the education, bpjs-employment and religious-affairs
  workers) count in the pipeline's total too.
- **Temporal server CPU** (${basis}): the pipeline's birth costs the server ${t('pipeline') ?? '—'} CPU-s against ${t('handwritten') ?? '—'} for the
  hand-written one and ${t('bareTemporal') ?? '—'} for the bare graph. Against the bare graph the target is missed mostly by the
  agency protocol: polling Kemensos adds a timer, a check activity and two workflow tasks, which the hand-written
  birth pays too. Against the hand-written birth what remains is Simpul's: 42 history events against about 31 (five
  local-activity markers for the status events, the final status upsert, the asynchronous step's SLA timer) and
  larger (encrypted) payloads ("Round trips per birth").

`;
}

export const EARLIER_NOTES = `Earlier notes (before Kemensos was polled and before the hand-written baseline; their figures are those of the runs
named in the tuning log):


- **Where the time goes** (the breakdown table of the last run, at 1/s): intake, the outbox relay, Kafka, the
  orchestrator's consumer and the projection together add about 20 ms to an application; the rest of the gap is inside
  the workflow run. There the pipeline's birth does what the bare one does not: each agency step is a real HTTP call
  from an agency worker to the sandbox agency (which keeps its own records and idempotency keys), payloads are
  encrypted, and status events leave through local activities, each batch holding its workflow task open for a Kafka
  acknowledgement. Batching them cut the workflow run from 267 to 176 ms; the p50 ratio stays above its target.
- **Where the CPU goes** (the CPU table and its budget line): the pipeline spends several times the CPU of the bare
  workflow per application, all processes together, and on two cores CPU is the limit for both, so the sustainable
  rates follow that ratio. For a throughput ratio of 0.8, the whole pipeline (intake, outbox, Kafka, workflow,
  agency workers, sandbox, projection, PostgreSQL) would have to cost at most 1.25 × what bare Temporal costs: less than
  the Temporal server's own share of the pipeline today (more history events per birth: patches, search attribute
  updates, local activity markers, larger encrypted payloads). The largest app share is the orchestrator (workflow
  tasks, local activities, the payload codec, its Kafka consumer); the hottest process's profile in the scale-out run
  shows where its main thread spends it, by frame and by package.
- **Intake** is bounded the same way (the CPU per intake request table): portal-api checks a JWT (once per token,
  then from its cache), validates with the life event's JSON Schema and class-validator, hashes the applicant's NIK
  for the lookup key and the request for idempotency, seals the data for Kafka, and writes two rows in one statement;
  its outbox relay then publishes to Kafka and deletes the rows. The bare intake validates and writes one row. What is
  left in portal-api's profile is spread over Express, NestJS's pipeline, pg, kafkajs and garbage collection, with no
  single hot spot.
- On this 2-core machine every process competes for the same two cores: the servers (Temporal's dev server on SQLite,
  Kafka, PostgreSQL) and ten app processes, plus the load generator.
- **The profile** (scale-out run, the hottest app process's main thread, start-up included): after module loading,
  the largest shares are kafkajs's request queue and its timers (one timer per request: the status events and the
  consumer's fetches), protobuf encoding of the messages between the SDK and Temporal's Rust core, and garbage
  collection. The workflow code itself runs in the worker's threads and the Rust core in native threads, outside this
  profile; their cost shows in the orchestrator's CPU row. Nothing in the profile is one hot spot to remove: the
  cost is spread over the work each application needs.
- **Scale-out** on one 2-core machine cannot add CPU; replicas only help where a single process waits (a worker's slots,
  a consumer's partition). With two orchestrators and two workers of each birth agency, the pipeline sustained
  no more than with one (compare the scale-out run with the last run above; on the code of that time run \`54ec86a2\` sustained 8/s, three single-replica runs 8, 12 and 12/s), and the CPU per application rose (more
  processes, each with its own polling and timers): the bottleneck is the machine's CPU, not a single process. With more machines, the Temporal dev server (SQLite, one process) becomes the limit first:
  a Temporal server on PostgreSQL with more history shards spreads workflow updates over shards (no single SQLite
  writer), and frontend, history and matching scale out separately.
`;
