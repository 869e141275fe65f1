import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { type Actor, ApiProblem, type AppAbility, CallerAbility, type CommandContext, CurrentActor, Policy, RequestContext, UuidParam } from '#platform';
import { RecordProgress } from '../commands/record-progress.js';
import { GetLessonProgress } from '../queries/get-lesson-progress.js';
import { GetMyLearning } from '../queries/get-my-learning.js';

class HeartbeatDto {
  @ApiProperty({ minimum: 0, maximum: 86_400, description: 'Seconds into the lesson the player (or reader) has reached' })
  @IsInt()
  @Min(0)
  @Max(86_400)
  positionSeconds: number;
}

class LessonProgressDto {
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty({ description: 'Where to resume' }) positionSeconds: number;
  @ApiProperty({ description: 'Time credited as watched or read: never faster than PROGRESS_MAX_RATE_PERCENT of the clock' }) watchedSeconds: number;
  @ApiProperty({ description: "The lesson's length (a text lesson: its reading time at 8 characters a second)" }) lengthSeconds: number;
  @ApiProperty({ description: 'LESSON_COMPLETE_PERCENT of it was watched' }) completed: boolean;
}

class NextLessonDto {
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty() title: string;
  @ApiProperty() positionSeconds: number;
}

class NextUnlockDto {
  @ApiProperty({ format: 'uuid' }) lessonId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) unlocksAt: string;
}

class LearningItemDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty() title: string;
  @ApiProperty() kind: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When access began (a purchase, a grant, a member\'s first lesson): what drip release counts from' })
  enrolledAt: string | null;
  @ApiProperty() lessonCount: number;
  @ApiProperty() completedLessons: number;
  @ApiProperty({ minimum: 0, maximum: 1, description: "Time credited over the item's whole length" }) progress: number;
  @ApiProperty({ type: NextLessonDto, nullable: true, description: 'The first lesson not completed that is open now, and where to resume it' }) nextLesson: NextLessonDto | null;
  @ApiProperty({ type: NextUnlockDto, nullable: true, description: 'The next time-released lesson still locked, and when it opens' }) nextUnlock: NextUnlockDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastActivityAt: string | null;
}

class LearningDto {
  @ApiProperty({ type: [LearningItemDto] }) items: LearningItemDto[];
}

/** A learner's progress: heartbeats from the player, and what they are enrolled in with the lesson to go on with. */
@ApiTags('learning')
@Controller('api/v1/me/learning')
export class LearningController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Policy('learn', 'Content')
  @ApiOperation({
    operationId: 'getMyLearning',
    summary: 'What the caller is enrolled in (from the purchase or grant, before any progress), with progress, the next lesson and the next to open, most recent first',
  })
  @ApiOkResponse({ type: LearningDto })
  mine(@CurrentActor() actor: Actor, @CallerAbility() ability: AppAbility): Promise<LearningDto> {
    return this.queries.execute(new GetMyLearning(actor.userId, ability));
  }

  @Post(':contentId/lessons/:lessonId/progress')
  @HttpCode(200)
  @Policy('learn', 'Content')
  @ApiOperation({
    operationId: 'recordLessonProgress',
    summary: "A heartbeat from the player: the position reached. Time is credited only as fast as real time allows; a jump moves the resume position, not the time watched",
  })
  @ApiOkResponse({ type: LessonProgressDto })
  @ApiProblem(403, {
    'CATALOG.NOT_ENROLLED': 'The caller may not read the whole item now: buy it or subscribe first',
    'CATALOG.LESSON_LOCKED': 'The lesson is time-released and not open yet: `unlocksAt` says when it opens',
  })
  @ApiProblem(404, { 'CATALOG.CONTENT_NOT_FOUND': 'No such published content', 'CATALOG.LESSON_NOT_FOUND': 'No such lesson in this content' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'Another heartbeat for this item (another device) was recorded at the same moment; send the next one' })
  async heartbeat(
    @Param('contentId', UuidParam) contentId: string,
    @Param('lessonId', UuidParam) lessonId: string,
    @Body() body: HeartbeatDto,
    @RequestContext() context: CommandContext,
    @CurrentActor() actor: Actor,
  ): Promise<LessonProgressDto> {
    await this.commands.execute(new RecordProgress(contentId, lessonId, body.positionSeconds, context));
    return (await this.queries.execute(new GetLessonProgress(actor.userId, contentId, lessonId)))!;
  }
}
