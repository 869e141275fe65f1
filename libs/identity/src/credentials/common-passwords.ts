import { Injectable } from '@nestjs/common';
import list from './common-passwords.json' with { type: 'json' };

/** The most common passwords (see COMMON-PASSWORDS.md), lowercased: a new password must not be one. */
@Injectable()
export class CommonPasswords {
  readonly set: ReadonlySet<string> = new Set(list as string[]);
}
