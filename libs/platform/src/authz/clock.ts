import { Injectable } from '@nestjs/common';

/** The time rules that depend on it (staff hours) are checked at; one provider, so a test can set it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
