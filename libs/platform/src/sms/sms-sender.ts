import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

export interface SmsMessage {
  /** E.164 (`+8613800138000`). */
  readonly to: string;
  /** It may carry a one-time code: it is never logged. */
  readonly text: string;
}

/** The SMS port: where a domain hands a text message to be delivered. */
export abstract class SmsSender {
  abstract send(message: SmsMessage): Promise<void>;
}

/** The number with all but its last two digits hidden, for log lines. */
export const maskedNumber = (number: string) => `${number.slice(0, 3)}${'*'.repeat(Math.max(0, number.length - 5))}${number.slice(-2)}`;

/**
 * Twilio's Messages API (POST /2010-04-01/Accounts/{AccountSid}/Messages.json, HTTP Basic with the
 * account SID and auth token, a form body with To, From and Body; 201 with the message's `sid`, or
 * an error object with Twilio's `code` and `message`).
 */
@Injectable()
export class TwilioSmsSender extends SmsSender {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    const { accountSid, authToken, from, apiUrl } = this.config.twilio!;
    const response = await fetch(new URL(`/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, apiUrl), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: message.to, From: from, Body: message.text }),
      signal: AbortSignal.timeout(10_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { sid?: string; code?: number; message?: string };
    if (!response.ok || !answer.sid) {
      throw new Error(`Twilio refused the message to ${maskedNumber(message.to)}: ${response.status} ${answer.code ?? ''} ${answer.message ?? ''}`.trim());
    }
  }
}

/** With no provider configured, text messages are kept in sms_outbox (read them there in development); the log names a masked recipient only. */
@Injectable()
export class OutboxSmsSender extends SmsSender {
  private readonly logger = new Logger('Sms');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async send(message: SmsMessage): Promise<void> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO sms_outbox (id, recipient, body) VALUES ($1, $2, $3)`, [id, message.to, message.text]);
    this.logger.log(`text message to ${maskedNumber(message.to)} kept in sms_outbox ${id} (TWILIO_* is not set)`);
  }
}

/** Which SmsSender this process uses. */
export const smsSenderFor = (config: AppConfig): typeof TwilioSmsSender | typeof OutboxSmsSender => (config.twilio ? TwilioSmsSender : OutboxSmsSender);
