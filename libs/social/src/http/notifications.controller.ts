import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, type CommandContext, CurrentActor, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, RequestContext, UuidParam } from '#platform';
import { MarkNotificationsRead } from '../commands/mark-notifications-read.js';
import { ListMyNotifications } from '../queries/list-my-notifications.js';
import { NotificationPageDto } from './social.dto.js';

/** The caller's in-app inbox: what the creators and columns they follow published. */
@ApiTags('notifications')
@Controller('api/v1/me/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Policy('read', 'Notification')
  @ApiOperation({ operationId: 'listMyNotifications', summary: "The caller's notifications, newest first, and how many are unread" })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<NotificationPageDto> {
    return this.queries.execute(new ListMyNotifications(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('read')
  @HttpCode(204)
  @Policy('read', 'Notification')
  @ApiOperation({ operationId: 'markAllNotificationsRead', summary: "Mark every notification of the caller's read" })
  @ApiNoContentResponse({ description: 'Nothing is unread' })
  async markAll(@RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new MarkNotificationsRead(null, context));
  }

  @Post(':notificationId/read')
  @HttpCode(204)
  @Policy('read', 'Notification')
  @ApiOperation({ operationId: 'markNotificationRead', summary: 'Mark one notification of the caller\'s read (again: no change)' })
  @ApiNoContentResponse({ description: 'It is read' })
  @ApiProblem(404, { 'SOCIAL.NOTIFICATION_NOT_FOUND': "No such notification in the caller's inbox" })
  async markOne(@Param('notificationId', UuidParam) notificationId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new MarkNotificationsRead(notificationId, context));
  }
}
