import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiProblem,
  type CommandContext,
  DEFAULT_PAGE_SIZE,
  PageQueryDto,
  Policy,
  PublicOrSignedIn,
  RequestContext,
  UuidParam,
} from '#platform';
import { CompleteUpload } from '../commands/complete-upload.js';
import { DeclareUpload } from '../commands/declare-upload.js';
import { DeleteAsset } from '../commands/delete-asset.js';
import { MediaErrors } from '../domain/media.errors.js';
import { GetAssetRow } from '../queries/get-asset.js';
import { IssuePlaybackUrl } from '../queries/issue-playback-url.js';
import { ListContentAssets } from '../queries/list-content-assets.js';
import { toAssetView } from '../queries/media-asset-view.js';
import { DeclaredUploadDto, DeclareUploadDto, MediaAssetDto, MediaAssetPageDto, PlaybackUrlDto } from './media.dto.js';

const ASSET_NOT_FOUND = { 'MEDIA.ASSET_NOT_FOUND': 'No such asset of this content that you manage (another creator\'s is not disclosed), or it was deleted' };
const CONCURRENT_CHANGE = { 'EVENT_STORE.VERSION_CONFLICT': 'The asset changed at the same moment more often than retried; retry' };

/** Audio, video, images and attachments of a content: creators upload and manage them, entitled users play them. */
@ApiTags('media')
@Controller('api/v1/contents/:contentId/media')
export class MediaController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('upload', 'MediaAsset')
  @ApiOperation({
    operationId: 'declareMediaUpload',
    summary: 'Declare a file for your content (or a lesson of it) and get a short-lived URL to upload it to',
    description:
      'PUT the bytes to `upload.url` with `upload.headers`, then call `…/complete`. The worker then checks what the bytes really are ' +
      '(magic bytes, the container\'s length) against what was declared: the asset becomes `ready` or `rejected`.',
  })
  @ApiCreatedResponse({ type: DeclaredUploadDto })
  @ApiProblem(404, { 'MEDIA.CONTENT_NOT_FOUND': 'No such content of yours, or no such lesson of it' })
  @ApiProblem(422, {
    'MEDIA.KIND_UNKNOWN': 'Not audio, video, image or attachment',
    'MEDIA.MIME_TYPE_NOT_ALLOWED': 'A type the kind does not accept (exactly as listed, without parameters)',
    'MEDIA.SIZE_INVALID': 'Not a whole positive number of bytes',
    'MEDIA.TOO_LARGE': 'Beyond the kind\'s size limit',
    'MEDIA.FILE_NAME_INVALID': 'Empty, too long, with a path or control characters',
  })
  async declare(
    @Param('contentId', UuidParam) contentId: string,
    @Body() body: DeclareUploadDto,
    @RequestContext() context: CommandContext,
  ): Promise<DeclaredUploadDto> {
    const { assetId, upload } = await this.commands.execute(
      new DeclareUpload(contentId, body.lessonId?.toLowerCase() ?? null, body.kind, body.mimeType, body.sizeBytes, body.fileName, context),
    );
    return { asset: await this.asset(assetId), upload: { ...upload, expiresAt: upload.expiresAt.toISOString() } };
  }

  @Get()
  @PublicOrSignedIn('signed out, only the ready media of preview lessons of a published content is listed (no URL); the rest needs ownership, staff or entitlement')
  @ApiOperation({
    operationId: 'listContentMedia',
    summary: 'The media of a content, newest first',
    description:
      'Its creator and staff see every asset with its state; a user entitled to the content sees the ready ones (ask each one\'s URL); ' +
      'anyone else who may see the content, signed in or not, the ready ones of its preview lessons.',
  })
  @ApiOkResponse({ type: MediaAssetPageDto })
  @ApiProblem(401, { 'AUTH.UNAUTHENTICATED': 'Signed out, and the content is not published or has no preview lesson (whether or not it exists): sign in' })
  @ApiProblem(403, { 'MEDIA.NOT_ENTITLED': 'You neither manage this content nor are entitled to it, and it has no preview lesson (whether or not it exists)' })
  list(
    @Param('contentId', UuidParam) contentId: string,
    @Query() query: PageQueryDto,
    @RequestContext() context: CommandContext,
  ): Promise<MediaAssetPageDto> {
    return this.queries.execute(new ListContentAssets(contentId, context.actor, query.limit ?? DEFAULT_PAGE_SIZE, query.cursor));
  }

  @Post(':assetId/complete')
  @HttpCode(200)
  @Policy('upload', 'MediaAsset')
  @ApiOperation({
    operationId: 'completeMediaUpload',
    summary: 'Say the upload is done: the stored size is checked, and the worker checks the bytes (again: the same answer)',
  })
  @ApiOkResponse({ type: MediaAssetDto, description: '`uploaded` (being checked), `ready`, or `rejected` when the stored size is not the declared one' })
  @ApiProblem(404, ASSET_NOT_FOUND)
  @ApiProblem(409, {
    'MEDIA.UPLOAD_MISSING': 'Nothing was uploaded yet',
    'MEDIA.ASSET_REJECTED': 'The asset was rejected already (e.g. its upload was larger than declared)',
    ...CONCURRENT_CHANGE,
  })
  async complete(
    @Param('contentId', UuidParam) contentId: string,
    @Param('assetId', UuidParam) assetId: string,
    @RequestContext() context: CommandContext,
  ): Promise<MediaAssetDto> {
    await this.commands.execute(new CompleteUpload(contentId, assetId, context));
    return this.asset(assetId);
  }

  @Delete(':assetId')
  @HttpCode(204)
  @Policy('manage', 'MediaAsset')
  @ApiOperation({ operationId: 'deleteMediaAsset', summary: 'Delete an asset: never listed or played again, its bytes removed from the store' })
  @ApiNoContentResponse()
  @ApiProblem(404, ASSET_NOT_FOUND)
  @ApiProblem(409, CONCURRENT_CHANGE)
  async remove(
    @Param('contentId', UuidParam) contentId: string,
    @Param('assetId', UuidParam) assetId: string,
    @RequestContext() context: CommandContext,
  ): Promise<void> {
    await this.commands.execute(new DeleteAsset(contentId, assetId, context));
  }

  @Get(':assetId/url')
  @PublicOrSignedIn('signed out, only the media of a preview lesson of a published content gets a URL, bound to no one and short-lived; any other is a 401')
  @ApiOperation({
    operationId: 'getMediaUrl',
    summary: 'A short-lived URL to play or download a ready asset, bound to you',
    description:
      'For the content\'s creator, staff, and users entitled to the content (a time-released lesson\'s media once the lesson opens); ' +
      'for an asset of a preview lesson, anyone who may see the content, signed in or not. The URL expires after MEDIA_PLAYBACK_URL_TTL_SECONDS and ' +
      'works only with the bearer token of the user it was issued to (asked for signed out: only without a token).',
  })
  @ApiOkResponse({ type: PlaybackUrlDto })
  @ApiProblem(401, { 'AUTH.UNAUTHENTICATED': 'Signed out, and the asset is not the media of a preview lesson of a published content (whether or not it exists): sign in' })
  @ApiProblem(403, {
    'MEDIA.NOT_ENTITLED': 'You may not play the media of this content (whether or not the asset exists)',
    'CATALOG.LESSON_LOCKED': 'The asset belongs to a time-released lesson not open to you yet: `unlocksAt` says when it opens',
  })
  @ApiProblem(404, { 'MEDIA.ASSET_NOT_FOUND': 'No such asset of this content, or it was deleted' })
  @ApiProblem(409, { 'MEDIA.NOT_PLAYABLE': 'Not checked yet, or rejected' })
  url(
    @Param('contentId', UuidParam) contentId: string,
    @Param('assetId', UuidParam) assetId: string,
    @RequestContext() context: CommandContext,
  ): Promise<PlaybackUrlDto> {
    return this.queries.execute(new IssuePlaybackUrl(contentId, assetId, context.actor));
  }

  private async asset(assetId: string): Promise<MediaAssetDto> {
    const row = await this.queries.execute(new GetAssetRow(assetId));
    if (!row || row.status === 'deleted') throw MediaErrors.assetNotFound();
    return toAssetView(row);
  }
}
