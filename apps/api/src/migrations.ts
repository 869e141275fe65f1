import { EventStore1764201600000 } from '#platform';
import { Identity1764201700000 } from '#identity';

/** Every schema migration, in the order they apply. */
export const allMigrations = [EventStore1764201600000, Identity1764201700000];
