import { describe, it } from 'vitest';
import { expectRefusal } from '#platform/testing';
import { AuditErrors } from './audit.errors.js';

describe('audit refusals (codes and messages are a contract)', () => {
  it('refuses to sign a broken chain, naming where it breaks', () => {
    expectRefusal(
      AuditErrors.chainBroken(21),
      'AUDIT.CHAIN_BROKEN',
      'conflict',
      'The audit chain does not verify since the last checkpoint; nothing was signed.',
      { seq: 21 },
    );
  });
});
