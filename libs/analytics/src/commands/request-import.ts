import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AbilityFactory, type CommandContext, EventStore, eventMetadata } from '#platform';
import { importStream } from '../domain/analytics-events.js';
import { AnalyticsErrors } from '../domain/analytics.errors.js';
import { isTimeZone } from '../domain/timestamps.js';
import type { ImportFormat } from '../imports/import-formats.js';

/**
 * An admin's upload: the file's text is kept with the request, and the stored request event
 * becomes the worker's import job through the relay (the api never writes to a queue).
 */
export class RequestImport extends Command<{ importId: string; status: 'queued' }> {
  constructor(
    readonly context: CommandContext,
    readonly format: ImportFormat,
    readonly timeZone: string | null,
    readonly content: string,
  ) {
    super();
  }
}

@CommandHandler(RequestImport)
export class RequestImportHandler implements ICommandHandler<RequestImport> {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: EventStore,
    private readonly abilities: AbilityFactory,
  ) {}

  async execute({ context, format, timeZone, content }: RequestImport): Promise<{ importId: string; status: 'queued' }> {
    const actor = this.abilities.require(context.actor, 'decide', 'DataQuality');
    if (timeZone && !isTimeZone(timeZone)) throw AnalyticsErrors.unknownTimeZone(timeZone);
    const importId = randomUUID();
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`INSERT INTO analytics_imports (import_id, format, time_zone, content, requested_by) VALUES ($1, $2, $3, $4, $5)`, [
        importId,
        format,
        timeZone,
        content,
        actor.userId,
      ]);
      await this.store.append(
        {
          ...importStream(importId),
          expectedVersion: 0,
          events: [{ type: 'analytics.import-requested', data: { importId, format, requestedBy: actor.userId } }],
          metadata: eventMetadata(context),
        },
        tx,
      );
    });
    return { importId, status: 'queued' };
  }
}
