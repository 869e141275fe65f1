import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FieldCipher } from './field-cipher.js';

/** A column whose values are FieldCipher-encrypted, with the context each was encrypted with. */
export interface EncryptedColumn {
  readonly table: string;
  readonly column: string;
  /** The primary key column (one column). */
  readonly key: string;
  /** SQL for each row's encryption context, e.g. `'totp:' || user_id`. */
  readonly context: string;
}

/** A domain's encrypted columns; the key rotation re-encrypts each. */
export interface HoldsEncryptedFields {
  readonly encryptedColumns: readonly EncryptedColumn[];
}

export const DeclaresEncryptedFields = DiscoveryService.createDecorator<void>();

const BATCH_SIZE = 500;

/**
 * After DATA_ENCRYPTION_KEY changed (the old one moved to DATA_PREVIOUS_ENCRYPTION_KEYS): every
 * value of every declared encrypted column that is not under the current key is re-encrypted, in
 * short transactions, a batch at a time (rows are locked while rewritten). Rerunning it does nothing.
 */
@Injectable()
export class DataKeyRotation {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly cipher: FieldCipher,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** How many values each column had re-encrypted (`table.column`). */
  async run(): Promise<Record<string, number>> {
    const columns = this.discovery
      .getProviders({ metadataKey: DeclaresEncryptedFields.KEY })
      .flatMap((wrapper) => (wrapper.instance as HoldsEncryptedFields | undefined)?.encryptedColumns ?? []);
    const counts: Record<string, number> = {};
    for (const { table, column, key, context } of columns) {
      let count = 0;
      for (;;) {
        const done = await this.dataSource.transaction(async (tx) => {
          const rows: { id: string; value: string; context: string }[] = await tx.query(
            `SELECT ${key}::text AS id, ${column} AS value, ${context} AS context FROM ${table}
              WHERE ${column} NOT LIKE $1 || '%' LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [this.cipher.currentPrefix, BATCH_SIZE],
          );
          for (const row of rows) {
            await tx.query(`UPDATE ${table} SET ${column} = $2 WHERE ${key}::text = $1`, [row.id, this.cipher.reencrypt(row.value, row.context)]);
          }
          return rows.length;
        });
        count += done;
        if (done < BATCH_SIZE) break;
      }
      counts[`${table}.${column}`] = count;
    }
    return counts;
  }
}
