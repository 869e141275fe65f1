import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, asSubject, type CommandContext, Decisions } from '#platform';
import { HasAccess } from '#commerce';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { lessonLengthSeconds, progressDecider } from '../domain/progress.js';
import { ContentRecord } from '../projections/content.record.js';

/** A heartbeat from the learner's player: the position reached in a lesson. */
export class RecordProgress extends Command<void> {
  constructor(
    readonly contentId: string,
    readonly lessonId: string,
    readonly positionSeconds: number,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordProgress)
export class RecordProgressHandler implements ICommandHandler<RecordProgress> {
  constructor(
    private readonly decisions: Decisions,
    private readonly abilities: AbilityFactory,
    private readonly queries: QueryBus,
    @InjectRepository(ContentRecord) private readonly contents: Repository<ContentRecord>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ contentId, lessonId, positionSeconds, context }: RecordProgress): Promise<void> {
    const learner = this.abilities.require(context.actor, 'learn', 'Content');
    const content = await this.contents.findOneBy({ id: contentId });
    if (!content || content.status !== 'published') throw CatalogErrors.contentNotFound();
    // Enrolled means entitled now: bought, given, or covered by a running membership.
    const entitled = await this.queries.execute(new HasAccess(learner.userId, contentId));
    if (!this.abilities.forActor(learner).can('learn', asSubject('Content', { id: contentId, creatorId: content.creatorId, status: content.status, entitled }))) {
      throw CatalogErrors.notEnrolled();
    }
    const lesson = content.lessons.find((candidate) => candidate.lessonId === lessonId);
    if (!lesson) throw CatalogErrors.lessonNotFound();
    const { maxRatePercent, maxCreditSeconds, completePercent } = this.config.progress;
    await this.decisions.execute(progressDecider, {
      streamId: `progress-${learner.userId}-${contentId}`,
      streamType: 'progress',
      context,
      command: {
        type: 'RecordProgress',
        userId: learner.userId,
        contentId,
        lessonId,
        lessonCount: content.lessons.length,
        lengthSeconds: lessonLengthSeconds(lesson.body),
        positionSeconds,
        now: new Date().toISOString(),
        policy: { maxRate: maxRatePercent / 100, maxCreditSeconds, completeShare: completePercent / 100 },
      },
    });
  }
}
