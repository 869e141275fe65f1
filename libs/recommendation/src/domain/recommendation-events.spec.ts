import { describe, expect, it } from 'vitest';
import { rebuildRequested } from './recommendation-events.js';

describe('recommendation events', () => {
  it('records who asked for a rebuild, by hand', () => {
    expect(rebuildRequested('admin-1')).toEqual({
      type: 'recommendation.rebuild-requested',
      data: { requestedBy: 'admin-1', reason: 'manual' },
    });
  });
});
