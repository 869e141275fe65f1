import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from './test-app.js';

export interface ReceivedMail {
  readonly to: string[];
  readonly subject: string;
  /** The text body, quoted-printable decoded. */
  readonly text: string;
}

/** A real SMTP server on a free local port that keeps every mail it is handed, for SMTP_URL in a test. */
export class SmtpInbox {
  readonly mails: ReceivedMail[] = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpInbox> {
    let inbox: SmtpInbox | null = null;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          inbox!.mails.push(parse(session.envelope.rcptTo.map((rcpt) => rcpt.address), Buffer.concat(chunks).toString('utf8')));
          callback();
        });
      },
    });
    inbox = new SmtpInbox(server);
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    return inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  /** The latest mail to `to` whose subject matches, once it has arrived. */
  mailTo(to: string, subject: RegExp): Promise<ReceivedMail> {
    return eventually(async () => [...this.mails].reverse().find((mail) => mail.to.includes(to) && subject.test(mail.subject)), 15_000, `a mail to ${to}`);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The mailed token in a body (`token=…`). */
export const tokenIn = (text: string): string => /token=([A-Za-z0-9._-]+)/.exec(text)![1]!;

function parse(to: string[], raw: string): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  const body = rest.join('\n\n');
  const text = /quoted-printable/i.test(head)
    ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : body;
  return { to, subject, text };
}
