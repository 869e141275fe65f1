import { Clock } from '#platform';

/** A clock a test moves by hand: it starts at the real time and stands still until told (no sleeping in tests). */
export class TestClock extends Clock {
  private current: number;

  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date): void {
    this.current = instant.getTime();
  }

  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }

  advanceSeconds(seconds: number): void {
    this.current += seconds * 1000;
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000;
  }
}
