import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, Mailer } from '#platform';

/**
 * The mails identity sends, handed to the mail port after the request's work has committed and
 * without waiting for delivery: whether a mail goes out must not show in the answer or its timing
 * (a reset request for an unknown email answers exactly like one for a known email).
 */
@Injectable()
export class IdentityMails {
  private readonly logger = new Logger(IdentityMails.name);

  constructor(
    private readonly mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verifyEmail(to: string, token: string): void {
    this.sendLater({
      to,
      subject: 'Verify your email address for Zhiku',
      text:
        `Welcome to Zhiku. To confirm that this address is yours, open\n\n  ${this.config.appUrl}/verify-email?token=${token}\n\n` +
        `or enter this code: ${token}\n\nThe link works once, for 24 hours. If you did not sign up, ignore this mail.`,
    });
  }

  resetPassword(to: string, token: string): void {
    this.sendLater({
      to,
      subject: 'Reset your Zhiku password',
      text:
        `Someone (we hope you) asked to reset the password of this Zhiku account. To choose a new one, open\n\n` +
        `  ${this.config.appUrl}/reset-password?token=${token}\n\nor enter this code: ${token}\n\n` +
        `The link works once, for 30 minutes, and signs the account out everywhere. If it was not you, ignore this mail.`,
    });
  }

  confirmEmailChange(to: string, token: string): void {
    this.sendLater({
      to,
      subject: 'Confirm your new email address for Zhiku',
      text:
        `Someone (we hope you) asked to use this address for a Zhiku account. To confirm it, open\n\n` +
        `  ${this.config.appUrl}/confirm-email?token=${token}\n\nor enter this code: ${token}\n\n` +
        `The link works once, for 24 hours. Until then the account keeps its old address. If it was not you, ignore this mail.`,
    });
  }

  /** To the old address once a new one replaced it: if the owner did not do it, they learn at once. */
  emailChanged(to: string): void {
    this.sendLater({
      to,
      subject: 'Your Zhiku email address was changed',
      text:
        `The Zhiku account that used this address now signs in with another one. If you did this, there is nothing to do.\n\n` +
        `If you did not, reset your password from the sign-in page at ${this.config.appUrl} and contact support.`,
    });
  }

  private sendLater(message: { to: string; subject: string; text: string }): void {
    this.mailer.send(message).catch((error: unknown) => this.logger.error(`mail "${message.subject}" to ${message.to} failed: ${(error as Error).message}`));
  }
}
