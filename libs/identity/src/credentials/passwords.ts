import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';
import { APP_CONFIG, type AppConfig } from '#platform';

export interface PasswordCheck {
  readonly matches: boolean;
  /** The hash was made with weaker parameters than today's: store a new one while the password is at hand. */
  readonly needsRehash: boolean;
}

/**
 * argon2id hashing at the configured cost (never below OWASP's m=19 MiB, t=2, p=1). Checking a
 * password for an unknown account costs the same as for a known one (a decoy hash is verified).
 */
@Injectable()
export class Passwords implements OnModuleInit {
  private decoyHash = '';
  private readonly options: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: number };

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = { type: argon2.argon2id, memoryCost: config.argon2MemoryKib, timeCost: config.argon2TimeCost, parallelism: 1 };
  }

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hash('decoy password for unknown accounts');
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async check(hash: string | null, password: string): Promise<PasswordCheck> {
    try {
      const matches = (await argon2.verify(hash ?? this.decoyHash, password)) && hash !== null;
      return { matches, needsRehash: matches && this.weakerThanToday(hash!) };
    } catch {
      return { matches: false, needsRehash: false };
    }
  }

  /** Another algorithm, or less memory or fewer passes than configured (a stronger hash is kept as it is). */
  private weakerThanToday(hash: string): boolean {
    // $argon2id$v=19$m=19456,p=1,t=2$salt$digest (the order of the parameters varies between versions)
    const [, algorithm, , parameters] = hash.split('$');
    const value = (name: string) => Number(new RegExp(`(?:^|,)${name}=(\\d+)`).exec(parameters ?? '')?.[1] ?? 0);
    return algorithm !== 'argon2id' || value('m') < this.options.memoryCost || value('t') < this.options.timeCost;
  }
}
