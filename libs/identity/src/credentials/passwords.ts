import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import { APP_CONFIG, type AppConfig, DomainError } from '#platform';
import { IdentityErrors } from '../domain/identity.errors.js';

export interface PasswordCheck {
  readonly matches: boolean;
  /** The hash was made with weaker parameters than today's: store a new one while the password is at hand. */
  readonly needsRehash: boolean;
}

/**
 * Runs at most `slots` jobs at once and queues at most `queueLength` more; a job beyond that is
 * refused at once. Each argon2 hash takes 19 MiB and tens of milliseconds of a core: without this,
 * a burst of sign-ins (credential stuffing from many addresses) queues unbounded work and memory.
 */
class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly slots: number,
    private readonly queueLength: number,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.running >= this.slots) {
      if (this.waiting.length >= this.queueLength) throw IdentityErrors.busy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await job();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * argon2id hashing at the configured cost (never below OWASP's m=19 MiB, t=2, p=1), one hash per
 * core at a time. Checking a password for an unknown account costs the same as for a known one
 * (a decoy hash is verified).
 */
@Injectable()
export class Passwords implements OnModuleInit {
  private decoyHash = '';
  private readonly options: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: number };

  private readonly gate: Gate;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.options = { type: argon2.argon2id, memoryCost: config.argon2MemoryKib, timeCost: config.argon2TimeCost, parallelism: 1 };
    this.gate = new Gate(availableParallelism(), config.login.hashQueueLength);
  }

  async onModuleInit(): Promise<void> {
    this.decoyHash = await this.hash('decoy password for unknown accounts');
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => argon2.hash(password, this.options));
  }

  async check(hash: string | null, password: string): Promise<PasswordCheck> {
    try {
      const verified = await this.gate.run(() => argon2.verify(hash ?? this.decoyHash, password));
      const matches = verified && hash !== null;
      return { matches, needsRehash: matches && this.weakerThanToday(hash!) };
    } catch (error) {
      if (error instanceof DomainError) throw error; // busy: not a wrong password
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
