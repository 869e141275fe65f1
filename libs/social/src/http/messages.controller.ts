import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Actor, ApiProblem, type CommandContext, CurrentActor, DEFAULT_PAGE_SIZE, PageQueryDto, Policy, RequestContext, UuidParam } from '#platform';
import { BlockUser } from '../commands/block-user.js';
import { MarkConversationRead } from '../commands/mark-conversation-read.js';
import { SendMessage } from '../commands/send-message.js';
import { ListConversationMessages } from '../queries/list-conversation-messages.js';
import { ListMyConversations } from '../queries/list-my-conversations.js';
import { ConversationPageDto, MessagePageDto, SendMessageDto, SentMessageDto } from './social.dto.js';

/** Direct messages (私信) between a buyer and a creator they bought from, and blocks. */
@ApiTags('messages')
@Controller('api/v1/me')
export class MessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('messages')
  @Policy('message', 'Conversation')
  @ApiOperation({
    operationId: 'sendMessage',
    summary: 'Write to a creator the caller bought from (which opens a conversation), or to anyone already in a conversation with the caller',
    description: 'Limited per sender per minute (SOCIAL_MESSAGES_PER_MINUTE). A block either way, or no purchase, is told the same way: SOCIAL.CANNOT_MESSAGE.',
  })
  @ApiCreatedResponse({ type: SentMessageDto })
  @ApiProblem(403, { 'SOCIAL.CANNOT_MESSAGE': 'The caller may not write to this user: no purchase from them and no conversation yet, a block either way, or the caller themselves' })
  @ApiProblem(429, { 'SOCIAL.RATE_LIMITED': 'Too many messages from the caller this minute; see Retry-After' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The conversation kept changing under this message; send it again' })
  @ApiProblem(503, { 'SOCIAL.BUSY': 'Redis, which counts the limit, is unreachable; send again after Retry-After' })
  send(@Body() body: SendMessageDto, @RequestContext() context: CommandContext): Promise<SentMessageDto> {
    return this.commands.execute(new SendMessage(body.recipientId, body.body, context));
  }

  @Get('conversations')
  @Policy('message', 'Conversation')
  @ApiOperation({ operationId: 'listMyConversations', summary: "The caller's conversations, latest message first, with unread counts" })
  @ApiOkResponse({ type: ConversationPageDto })
  conversations(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<ConversationPageDto> {
    return this.queries.execute(new ListMyConversations(actor.userId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Get('conversations/:conversationId/messages')
  @Policy('message', 'Conversation')
  @ApiOperation({ operationId: 'listConversationMessages', summary: "A conversation's messages, newest first (its participants only)" })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiProblem(404, { 'SOCIAL.CONVERSATION_NOT_FOUND': 'No conversation of the caller has this id' })
  messages(
    @Param('conversationId', UuidParam) conversationId: string,
    @CurrentActor() actor: Actor,
    @Query() page: PageQueryDto,
  ): Promise<MessagePageDto> {
    return this.queries.execute(new ListConversationMessages(actor.userId, conversationId, page.limit ?? DEFAULT_PAGE_SIZE, page.cursor));
  }

  @Post('conversations/:conversationId/read')
  @HttpCode(204)
  @Policy('message', 'Conversation')
  @ApiOperation({ operationId: 'markConversationRead', summary: 'The caller has read the conversation: its unread count drops to zero' })
  @ApiNoContentResponse({ description: 'Nothing in it is unread' })
  @ApiProblem(404, { 'SOCIAL.CONVERSATION_NOT_FOUND': 'No conversation of the caller has this id' })
  async read(@Param('conversationId', UuidParam) conversationId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new MarkConversationRead(conversationId, context));
  }

  @Put('blocks/:userId')
  @HttpCode(204)
  @Policy('message', 'Conversation')
  @ApiOperation({ operationId: 'blockUser', summary: 'Block a user: no message goes either way until the block is lifted (idempotent)' })
  @ApiNoContentResponse({ description: 'The caller blocks the user' })
  @ApiProblem(422, { 'SOCIAL.CANNOT_BLOCK_SELF': 'The user is the caller' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The conversation kept changing under this block; send it again' })
  async block(@Param('userId', UuidParam) userId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new BlockUser(userId, true, context));
  }

  @Delete('blocks/:userId')
  @HttpCode(204)
  @Policy('message', 'Conversation')
  @ApiOperation({ operationId: 'unblockUser', summary: "Lift the caller's block of a user (idempotent; a block by the other side stays)" })
  @ApiNoContentResponse({ description: 'The caller does not block the user' })
  @ApiProblem(422, { 'SOCIAL.CANNOT_BLOCK_SELF': 'The user is the caller' })
  @ApiProblem(409, { 'EVENT_STORE.VERSION_CONFLICT': 'The conversation kept changing under this change; send it again' })
  async unblock(@Param('userId', UuidParam) userId: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new BlockUser(userId, false, context));
  }
}
