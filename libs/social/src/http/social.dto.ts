import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { HAS_VISIBLE_TEXT, MAX_MESSAGE_LENGTH, WITHOUT_CONTROL_CHARACTERS } from '../domain/message-text.js';
import { FOLLOW_TARGET_TYPES } from '../domain/social-events.js';

export class FollowDto {
  @ApiProperty({ enum: FOLLOW_TARGET_TYPES }) targetType: string;
  @ApiProperty({ format: 'uuid', description: "The creator's user id, or the column's content id" }) targetId: string;
  @ApiProperty({ format: 'date-time' }) followedAt: string;
}

export class FollowPageDto {
  @ApiProperty({ type: [FollowDto] }) items: FollowDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class FollowerCountDto {
  @ApiProperty({ enum: FOLLOW_TARGET_TYPES }) targetType: string;
  @ApiProperty({ format: 'uuid' }) targetId: string;
  @ApiProperty({ minimum: 0 }) followerCount: number;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'column', description: 'The kind of the announced item (payout-awaiting-confirmation: a payout of yours waits for you to confirm it in WeChat; itemId is the payout)' }) kind: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty() creatorName: string;
  @ApiProperty({ example: '/contents/0b7f9a52-4c1e-4d8a-9f3e-6a5d2c1b8e70', description: "The item's page in the client, relative to its address" }) link: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() read: boolean;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ minimum: 0, description: "Unread notifications in the caller's whole inbox" }) unreadCount: number;
}

export class SendMessageDto {
  @ApiProperty({ format: 'uuid', description: 'Whom to write to: a creator the caller bought from, or anyone already in a conversation with the caller' })
  @IsUUID()
  recipientId: string;

  @ApiProperty({ maxLength: MAX_MESSAGE_LENGTH, example: '老师好，第三讲的例子能再讲一下吗？', description: 'Plain text; line breaks and tabs allowed, other control characters not' })
  @IsString()
  @MaxLength(MAX_MESSAGE_LENGTH)
  @Matches(HAS_VISIBLE_TEXT, { message: 'body must not be empty or only white space' })
  @Matches(WITHOUT_CONTROL_CHARACTERS, { message: 'body must not contain control characters (tab and line breaks are fine)' })
  body: string;
}

export class SentMessageDto {
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty({ format: 'uuid' }) otherUserId: string;
  @ApiProperty({ enum: ['learner', 'creator'], description: 'learner: the caller bought and wrote first; creator: the caller was written to' }) role: string;
  @ApiProperty({ minimum: 0 }) unreadCount: number;
  @ApiProperty({ format: 'date-time' }) lastMessageAt: string;
  @ApiProperty({ description: 'Either side blocks the other: nothing goes through until the block is lifted' }) blocked: boolean;
}

export class ConversationPageDto {
  @ApiProperty({ type: [ConversationDto] }) items: ConversationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ minimum: 0, description: 'Unread messages over all conversations' }) unreadCount: number;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ format: 'uuid' }) senderId: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
}

export class MessagePageDto {
  @ApiProperty({ type: [MessageDto], description: 'Newest first' }) items: MessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
