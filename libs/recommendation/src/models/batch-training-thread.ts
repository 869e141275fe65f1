import { parentPort } from 'node:worker_threads';
import { type BatchTrainingInput, trainBatch } from './batch-training.js';

/**
 * The worker thread the batch trains on (`trainBatchOffThread`): one input message, progress
 * messages, then the result with its typed arrays transferred (not copied) back.
 */
parentPort!.once('message', (input: BatchTrainingInput) => {
  try {
    const output = trainBatch(input, (done, step) => parentPort!.postMessage({ kind: 'progress', done, step }));
    parentPort!.postMessage({ kind: 'done', output }, [
      output.coPurchase.start.buffer,
      output.coPurchase.neighbours.buffer,
      output.coPurchase.scores.buffer,
      output.coPurchase.coPurchases.buffer,
      output.model.start.buffer,
      output.model.neighbours.buffer,
      output.model.scores.buffer,
      output.model.coPurchases.buffer,
      output.content.start.buffer,
      output.content.neighbours.buffer,
      output.content.scores.buffer,
      output.users.start.buffer,
      output.users.neighbours.buffer,
      output.users.similarities.buffer,
    ] as ArrayBuffer[]);
  } catch (error) {
    parentPort!.postMessage({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
