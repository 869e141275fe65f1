import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.js';

describe('DomainError', () => {
  it('is an Error that says what it is, with a stable code, a kind and details', () => {
    const error = new DomainError('COMMERCE.ORDER_NOT_FOUND', 'not_found', 'No such order.', { orderId: 'o' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect({ code: error.code, kind: error.kind, message: error.message, details: error.details }).toEqual({
      code: 'COMMERCE.ORDER_NOT_FOUND',
      kind: 'not_found',
      message: 'No such order.',
      details: { orderId: 'o' },
    });
  });
});
