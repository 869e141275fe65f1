// A small closed-loop load generator: `concurrency` keep-alive connections, each sending the next
// request as soon as the previous answer is read, bounded by time and by request count.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One plain request (no agent), body parsed as JSON: for checking an answer before timing. */
export function getJson(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

function get(agent, url) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => {
        bytes += chunk.length;
      });
      response.on('end', () => resolve({ status: response.statusCode, bytes }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Sends load to `url` for `durationMs` (at most `maxRequests`); latencies of 200 answers only. */
export async function runFor(url, { concurrency, durationMs, maxRequests }) {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`load is only sent to 127.0.0.1 (got ${target.hostname})`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs = [];
  let errors = 0;
  let bytes = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + durationMs;

  const connection = async () => {
    while (performance.now() < deadline && sent < maxRequests) {
      sent++;
      const at = performance.now();
      try {
        const response = await get(agent, target);
        if (response.status === 200) {
          latenciesMs.push(performance.now() - at);
          bytes += response.bytes;
        } else {
          errors++;
        }
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, connection));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latenciesMs, errors, bytes, seconds };
}

/** Merges the segments of one target into req/s and latency percentiles. */
export function summarize(segments) {
  const latenciesMs = segments.flatMap((segment) => segment.latenciesMs).sort((a, b) => a - b);
  const seconds = segments.reduce((sum, segment) => sum + segment.seconds, 0);
  const bytes = segments.reduce((sum, segment) => sum + segment.bytes, 0);
  return {
    requests: latenciesMs.length,
    errors: segments.reduce((sum, segment) => sum + segment.errors, 0),
    seconds,
    requestsPerSecond: latenciesMs.length / seconds,
    p50Ms: percentile(latenciesMs, 50),
    p99Ms: percentile(latenciesMs, 99),
    meanBytes: latenciesMs.length === 0 ? 0 : bytes / latenciesMs.length,
  };
}
