// Child process entry: the worker as production runs it (`createWorker`), whose recommendation
// schedule enqueues a rebuild as it starts: the batch is measured through the BullMQ job the
// worker runs. Answers `usage` over IPC with its peak RSS and CPU time, and stops on `stop`.
import { loadConfig } from '../dist/libs/platform/src/index.js';
import { createWorker } from '../dist/apps/worker/src/bootstrap.js';

const worker = await createWorker(loadConfig());
process.on('message', async (message) => {
  if (message === 'usage') {
    const usage = process.resourceUsage();
    process.send({ usage: { maxRssKb: usage.maxRSS, userCpuSeconds: usage.userCPUTime / 1e6, systemCpuSeconds: usage.systemCPUTime / 1e6 } });
  } else if (message === 'stop') {
    await worker.close();
    process.exit(0);
  }
});
process.send({ ready: true });
