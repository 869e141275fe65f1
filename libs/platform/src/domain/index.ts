// The pure shared kernel: what a domain/ folder may import. No Nest, no TypeORM, no I/O.
export * from './domain-event.js';
export * from './decider.js';
export * from './domain-error.js';
export * from './roles.js';
export * from './canonical-json.js';
