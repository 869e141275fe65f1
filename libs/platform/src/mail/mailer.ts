import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import nodemailer, { type Transporter } from 'nodemailer';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { addressOf } from '../config/address.js';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  /** Plain text. It may carry a one-time token: it is never logged. */
  readonly text: string;
}

/** The mail port: where a domain hands a message to be delivered. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}

/** Delivers through the SMTP server SMTP_URL names. */
@Injectable()
export class SmtpMailer extends Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    this.transport = nodemailer.createTransport(config.smtpUrl!);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.config.mailFrom, ...message });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

/**
 * With no SMTP server configured, mail is kept in the mail_outbox table (read it there in
 * development) and the log says one was written — recipient and subject only, since the body may
 * carry a one-time token.
 */
@Injectable()
export class OutboxMailer extends Mailer {
  private readonly logger = new Logger('Mail');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO mail_outbox (id, sender, recipient, subject, body) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      this.config.mailFrom,
      message.to,
      message.subject,
      message.text,
    ]);
    this.logger.log(`mail "${message.subject}" to ${message.to} kept in mail_outbox ${id} (SMTP_URL is not set)`);
  }
}

/** Which Mailer this process uses, said once at start. */
export function mailerFor(config: AppConfig): typeof SmtpMailer | typeof OutboxMailer {
  if (config.smtpUrl) new Logger('Mail').log(`mail goes through SMTP at ${addressOf(config.smtpUrl)}`);
  return config.smtpUrl ? SmtpMailer : OutboxMailer;
}
