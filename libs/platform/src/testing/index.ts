// Test helpers shared by every domain's specs (never part of the build).
export * from './deciders.js';
export * from './projections.js';
export * from './errors.js';
