import type { IncomingMessage } from 'node:http';

export interface DrainLimits {
  /** Bytes we are willing to read and discard after the error was decided. */
  readonly maxBytes: number;
  /** How long we wait for them. */
  readonly maxMs: number;
}

/**
 * Reads and discards the rest of a request body we are refusing (too large, not JSON) before the
 * refusal is sent. A client that uploads the whole body before it reads (anything without
 * `Expect: 100-continue`) otherwise gets its connection reset mid-upload: the server closes with
 * unread bytes in its socket, TCP answers them with RST, and the client's kernel throws away the
 * 413 it had already received. Bounded, so a client cannot make us read forever: resolves false
 * (and the caller should close the connection) when the declared length is beyond `maxBytes`, when
 * more than `maxBytes` arrive, when `maxMs` passes first, or when the client goes away.
 */
export function drainUnreadBody(request: IncomingMessage, limits: DrainLimits): Promise<boolean> {
  // Read to its end already (parsed), or all of it arrived: nothing is left on the wire.
  if (request.readableEnded || request.complete) return Promise.resolve(true);
  const declared = Number(request.headers['content-length']);
  if (declared > limits.maxBytes) return Promise.resolve(false);

  return new Promise((resolve) => {
    let received = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onGone).off('close', onGone);
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onGone = () => finish(false);
    const timer = setTimeout(() => finish(false), limits.maxMs);
    request.on('data', onData).on('end', onEnd).on('error', onGone).on('close', onGone);
    request.resume();
  });
}
