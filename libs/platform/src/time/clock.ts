/**
 * What time it is, for rules that depend on it (a drip lesson's unlock, a live session's join
 * window). Injected rather than read from `Date`, so a test can move one app's time without
 * sleeping. Production runs the system clock; tests pass their own to TestApp.start.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
