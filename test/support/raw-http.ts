import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Set when the connection failed (EPIPE, ECONNRESET) before a whole response was read. */
  socketError?: string;
  /** True when the server closed the connection. */
  closed: boolean;
}

/**
 * One HTTP/1.1 exchange over a real TCP socket, for what `inject()` cannot show: Node's own HTTP
 * parser, and what a client that uploads before it reads experiences. Writes `head` and `body`
 * without waiting for anything; done when the whole upload has left (or failed) and a whole
 * response has arrived (or the server closed).
 */
export async function exchange(port: number, head: Buffer | string, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  const socket = net.connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  let socketError: string | undefined;
  let closed = false;
  socket.on('error', (error: NodeJS.ErrnoException) => {
    socketError ??= error.code ?? error.message;
  });
  const uploaded = new Promise<void>((done) => {
    socket.write(head);
    socket.write(body, () => done());
  });
  const answered = new Promise<void>((done) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const response = parse(received);
      if (response.status > 0 && response.body.length >= Number(response.headers['content-length'])) done();
    });
    socket.on('close', () => {
      closed = true;
      done();
    });
  });
  await Promise.all([uploaded, answered]);
  // A moment for the server's close (or a reset) to arrive.
  await new Promise((resolve) => setTimeout(resolve, 100));
  closed ||= socket.readableEnded;
  socket.destroy();
  return { ...parse(received), socketError, closed };
}

function parse(bytes: Buffer): Omit<RawResponse, 'closed'> {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return { status: 0, headers: {}, body: '' };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).trim().toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: text.slice(end + 4) };
}

/** The body of a raw response as JSON (it was read as latin1 bytes). */
export function jsonOf(response: RawResponse): any {
  return JSON.parse(Buffer.from(response.body, 'latin1').toString('utf8'));
}
