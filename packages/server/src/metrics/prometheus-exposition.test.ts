import { test } from "node:test";
import assert from "node:assert/strict";
import { prometheusExposition, escapeLabel } from "./prometheus-exposition.ts";
import type { MetricsSnapshot } from "./metrics-sampler.ts";

const snapshot: MetricsSnapshot = {
  at: new Date(0),
  instances: [
    { app: "blog", type: "web", index: 1, pid: 42, restarts: 2, uptimeSeconds: 60, cpuPercent: 12.5, memoryBytes: 1024, memoryLimitBytes: 4096, openFiles: 17 },
    { app: "blog", type: "worker", index: 1, pid: 43, restarts: 0, uptimeSeconds: 5, cpuPercent: null, memoryBytes: 512, memoryLimitBytes: null, openFiles: null },
  ],
  host: { cpuBusyTicks: 1, cpuTotalTicks: 2, cores: 2, memoryTotalBytes: 100, memoryUsedBytes: 50, diskTotalBytes: 1000, diskUsedBytes: 10, load1: 0.5, load5: 0.25, load15: 0, cpuPercent: 3 },
  disk: new Map([["blog", { data: 1, home: 4, releases: 2, logs: 3 }]]),
  mounts: [{ path: "/var/lib/hop3/backups", totalBytes: 100, usedBytes: 95 }],
  requests: new Map([["blog", { total: { "2xx": 5, "3xx": 0, "4xx": 1, "5xx": 2 }, buckets: [3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 3], durationSum: 40.5, last: { requests: 0, errors: 0, durationSum: 0, seconds: 10 } }]]),
};

test("one HELP and TYPE per family, per-app labels, only measured values", () => {
  const text = prometheusExposition(snapshot, { apps: 1, instancesRunning: 2 });
  assert.match(text, /^# TYPE hop3_instance_cpu_percent gauge\nhop3_instance_cpu_percent\{app="blog",process="web",instance="1"\} 12\.5\n#/m);
  assert.doesNotMatch(text, /hop3_instance_cpu_percent\{app="blog",process="worker"/, "an instance not sampled twice has no CPU rate");
  assert.match(text, /^hop3_instance_restarts_total\{app="blog",process="web",instance="1"\} 2$/m);
  assert.match(text, /^hop3_app_disk_bytes\{app="blog",part="logs"\} 3$/m);
  assert.match(text, /^hop3_host_load\{period="5m"\} 0\.25$/m);
  assert.match(text, /^hop3_instance_open_files\{app="blog",process="web",instance="1"\} 17$/m);
  assert.doesNotMatch(text, /^hop3_instance_open_files\{app="blog",process="worker"/m, "not counted: no line");
  assert.match(text, /^hop3_app_requests_total\{app="blog",class="5xx"\} 2$/m);
  assert.match(text, /^# TYPE hop3_app_request_duration_seconds histogram\n/m);
  assert.match(text, /^hop3_app_request_duration_seconds_bucket\{app="blog",le="0\.005"\} 3$/m);
  assert.match(text, /^hop3_app_request_duration_seconds_bucket\{app="blog",le="0\.1"\} 5$/m, "buckets are cumulative");
  assert.match(text, /^hop3_app_request_duration_seconds_bucket\{app="blog",le="\+Inf"\} 8$/m);
  assert.match(text, /^hop3_app_request_duration_seconds_count\{app="blog"\} 8$/m);
  assert.match(text, /^hop3_app_request_duration_seconds_sum\{app="blog"\} 40\.5$/m);
  assert.match(text, /^hop3_state_mount_used_bytes\{path="\/var\/lib\/hop3\/backups"\} 95$/m);
  assert.ok(text.endsWith("\n"));
  assert.equal(text.match(/^# TYPE hop3_instance_memory_working_set_bytes /gm)?.length, 1);
});

test("label values are escaped", () => {
  assert.equal(escapeLabel('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
});

test("before the first sample only the counts are there", () => {
  assert.equal(prometheusExposition(null, { apps: 0, instancesRunning: 0 }), "# HELP hop3_apps Apps on this server.\n# TYPE hop3_apps gauge\nhop3_apps 0\n# HELP hop3_instances_running App process instances running.\n# TYPE hop3_instances_running gauge\nhop3_instances_running 0\n");
});
