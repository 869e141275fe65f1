/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace, so the
 * same value always gives the same text whatever order its keys were built or stored in
 * (jsonb reorders them). Everything else follows JSON.stringify: undefined members are left out.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value) ?? 'null';
}

function canonical(value: unknown): string | undefined {
  const json = value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function'
    ? (value.toJSON as () => unknown)()
    : value;
  if (json === null) return 'null';
  switch (typeof json) {
    case 'string':
    case 'boolean':
      return JSON.stringify(json);
    case 'number':
      return Number.isFinite(json) ? JSON.stringify(json) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson: bigint has no JSON form');
    case 'object': {
      if (Array.isArray(json)) return `[${json.map((item) => canonical(item) ?? 'null').join(',')}]`;
      const members = Object.keys(json)
        .sort()
        .flatMap((key) => {
          const member = canonical((json as Record<string, unknown>)[key]);
          return member === undefined ? [] : [`${JSON.stringify(key)}:${member}`];
        });
      return `{${members.join(',')}}`;
    }
    default:
      return undefined; // undefined, functions, symbols: absent, as in JSON
  }
}
