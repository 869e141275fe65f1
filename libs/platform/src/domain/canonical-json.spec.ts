import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 'é' }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"x":"é","y":2}]},"b":1}',
    );
  });

  it('gives the same text whatever order the keys were built in', () => {
    const one = { streamId: 's', payload: { email: 'a@b', roles: ['x'], nested: { z: 1, a: 2 } }, n: 3 };
    const other = { n: 3, payload: { nested: { a: 2, z: 1 }, roles: ['x'], email: 'a@b' }, streamId: 's' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
    expect(canonicalJson(one)).not.toBe(canonicalJson({ ...other, n: 4 }));
  });

  it('agrees with JSON on what is absent', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: Number.NaN })).toBe('{"b":[null],"c":null}');
    expect(JSON.parse(canonicalJson({ a: undefined, b: [undefined] }))).toEqual(JSON.parse(JSON.stringify({ a: undefined, b: [undefined] })));
  });
});

describe('canonicalJson of dates and other JSON-able values', () => {
  it('writes what toJSON says, as JSON.stringify does, and plain values as JSON writes them', () => {
    expect(canonicalJson({ at: new Date('2026-11-28T00:00:00.000Z') })).toBe('{"at":"2026-11-28T00:00:00.000Z"}');
    expect(canonicalJson({ toJSON: 1 })).toBe('{"toJSON":1}'); // not a function: an ordinary member
    expect(canonicalJson([true, false, 'x', 1.5, null])).toBe('[true,false,"x",1.5,null]');
    expect(canonicalJson({ f: () => 1, s: Symbol('s'), u: undefined, n: 1 })).toBe('{"n":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(() => canonicalJson({ big: 1n })).toThrow(new TypeError('canonicalJson: bigint has no JSON form'));
  });
});
