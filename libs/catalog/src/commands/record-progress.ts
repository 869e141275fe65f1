import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AbilityFactory, APP_CONFIG, type AppConfig, asSubject, Clock, type CommandContext, Decisions } from '#platform';
import { HasAccess } from '#commerce';
import { LEARNABLE_STATUSES } from '../domain/catalog-events.js';
import { CatalogErrors } from '../domain/catalog.errors.js';
import { lessonLength, progressDecider } from '../domain/progress.js';
import { ContentRecord } from '../projections/content.record.js';
import { LessonAccess } from '../queries/lesson-access.js';

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
    private readonly lessonAccess: LessonAccess,
    private readonly clock: Clock,
  ) {}

  async execute({ contentId, lessonId, positionSeconds, context }: RecordProgress): Promise<void> {
    const learner = this.abilities.require(context.actor, 'learn', 'Content');
    const content = await this.contents.findOneBy({ id: contentId });
    if (!content || !LEARNABLE_STATUSES.includes(content.status)) throw CatalogErrors.contentNotFound();
    // Enrolled means entitled now: bought, given, or covered by a running membership.
    const entitled = await this.queries.execute(new HasAccess(learner.userId, contentId));
    // Off the catalogue, an item exists only for those who hold it.
    if (content.status !== 'published' && !entitled) throw CatalogErrors.contentNotFound();
    const ability = this.abilities.forActor(learner);
    if (!ability.can('learn', asSubject('Content', { id: contentId, creatorId: content.creatorId, status: content.status, entitled }))) {
      throw CatalogErrors.notEnrolled();
    }
    const lesson = content.lessons.find((candidate) => candidate.lessonId === lessonId);
    if (!lesson) throw CatalogErrors.lessonNotFound();
    // A time-released lesson keeps no progress before it opens (the same rule that withholds its body).
    const access = (await this.lessonAccess.of(ability, learner.userId, [contentId], [contentId])).get(contentId)?.get(lessonId);
    if (access?.unlocksAt) throw CatalogErrors.lessonLocked(access.unlocksAt);
    if (!access?.readable) throw CatalogErrors.notEnrolled();
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
        lengthSeconds: lessonLength(lesson),
        positionSeconds,
        now: this.clock.now().toISOString(),
        policy: { maxRate: maxRatePercent / 100, maxCreditSeconds, completeShare: completePercent / 100 },
      },
    });
  }
}
