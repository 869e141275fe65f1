import { Controller, Get, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiFoundResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Inject } from '@nestjs/common';
import { ApiProblem, type CommandContext, HttpProblem, Public, PublicOrSignedIn, RequestContext, UuidParam } from '#platform';
import { ReceiveUpload } from '../commands/receive-upload.js';
import { MediaErrors } from '../domain/media.errors.js';
import { AuthorizeDownload } from '../queries/authorize-download.js';
import { contentDisposition } from '../storage/content-disposition.js';
import { type MediaStore, OBJECT_STORE } from '../storage/object-store.js';
import { byteRange } from './byte-range.js';
import { notModified, rangeApplies } from './conditional-get.js';
import { SignedUrlQueryDto } from './media.dto.js';

const BAD_URL = {
  'MEDIA.URL_INVALID': 'Not signed by this server for this asset (or, for a playback URL, for another user)',
  'MEDIA.URL_EXPIRED': 'The URL has expired; ask for a new one',
};

/** The api's own end of signed media URLs: uploads to the local store, and playback and downloads. */
@ApiTags('media')
@Controller('api/v1/media')
export class MediaFilesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    @Inject(OBJECT_STORE) private readonly store: MediaStore,
  ) {}

  @Put('uploads/:assetId')
  @HttpCode(204)
  @Public('the signed, short-lived URL is the credential: it names one declared asset, and the bytes must be exactly what was declared')
  @ApiOperation({
    operationId: 'uploadMediaBytes',
    summary: 'Upload the bytes of a declared asset (local store only): the URL and headers `declareMediaUpload` gave',
    description:
      'The body is streamed to disk, never buffered; it must carry the declared Content-Type and exactly the declared Content-Length. ' +
      'A body larger than declared is cut off and rejects the asset; nothing of a failed upload is kept.',
  })
  @ApiNoContentResponse({ description: 'Stored; now call `completeMediaUpload`' })
  @ApiProblem(403, BAD_URL)
  @ApiProblem(404, {
    'MEDIA.ASSET_NOT_FOUND': 'No such asset, or it was deleted',
    'MEDIA.NOT_LOCAL_STORE': 'The store is S3: upload to the URL it presigned',
  })
  @ApiProblem(409, {
    'MEDIA.ALREADY_UPLOADED': 'The bytes are here already',
    'MEDIA.UPLOAD_IN_PROGRESS': 'Another upload of this asset is running',
    'MEDIA.ASSET_REJECTED': 'The asset was rejected',
  })
  @ApiProblem(422, {
    'MEDIA.UPLOAD_TYPE_MISMATCH': 'Another Content-Type than declared',
    'MEDIA.UPLOAD_SIZE_MISMATCH': 'No Content-Length, or fewer bytes than declared (send them again)',
    'MEDIA.UPLOAD_TOO_LARGE': 'More bytes than declared: the asset is rejected',
  })
  async upload(
    @Param('assetId', UuidParam) assetId: string,
    @Query() query: SignedUrlQueryDto,
    @Req() request: FastifyRequest,
    @RequestContext() context: CommandContext,
  ): Promise<void> {
    const length = request.headers['content-length'];
    const contentLength = length !== undefined && /^\d{1,16}$/.test(length) ? Number(length) : null;
    await this.commands.execute(
      new ReceiveUpload(assetId, query.expires, query.signature, request.headers['content-type'] ?? null, contentLength, request.raw, context),
    );
  }

  @Get('files/:assetId')
  @PublicOrSignedIn('the signed URL binds the user it was issued to: their token must come with it; one issued signed out (a preview lesson\'s media) works only without a token')
  @ApiOperation({
    operationId: 'getMediaFile',
    summary: 'Play or download an asset through the URL `getMediaUrl` gave you, with your own bearer token (none if you asked signed out)',
    description:
      'The bytes, with `Range` for seeking (206), whatever the store: with S3 they are streamed through the api, so no URL of the object is ever given. ' +
      'Only with MEDIA_S3_DELIVERY=redirect: a redirect to a presigned URL of the object, valid for MEDIA_S3_REDIRECT_TTL_SECONDS ' +
      '(never beyond this URL\'s expiry): follow it at once, and ask this URL again to seek. ' +
      'Each answer carries a strong `ETag` (the stored object\'s identity, the same on every request) and `Last-Modified`: ' +
      '`If-None-Match` (or `If-Modified-Since`) holding them is a 304 once every access rule has been checked again; ' +
      '`If-Range` with that `ETag` (or date) gets the range (206), with another the whole current body (200). ' +
      'One range per request: several (`bytes=0-1,5-9`) are answered with the whole body (200), as RFC 9110 allows.',
  })
  @ApiOkResponse({ description: 'The whole file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 206, description: 'The range asked for', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 304, description: '`If-None-Match` holds the current `ETag` (or `If-Modified-Since` is not older than `Last-Modified`): keep using your copy' })
  @ApiFoundResponse({ description: 'Only with MEDIA_S3_DELIVERY=redirect: the object\'s presigned URL in `Location`' })
  @ApiProblem(401, { 'AUTH.UNAUTHENTICATED': 'No token, and the URL was not issued signed out: send the token of the user it was issued to' })
  @ApiProblem(403, {
    ...BAD_URL,
    'MEDIA.NOT_ENTITLED': 'You are no longer entitled to this content',
    'CATALOG.LESSON_LOCKED': 'The asset belongs to a time-released lesson not open to you (any more): `unlocksAt` says when it opens',
  })
  @ApiProblem(404, { 'MEDIA.ASSET_NOT_FOUND': 'The asset was deleted or is not playable' })
  @ApiProblem(416, { 'MEDIA.RANGE_NOT_SATISFIABLE': 'The range starts beyond the end of the file' })
  async file(
    @Param('assetId', UuidParam) assetId: string,
    @Query() query: SignedUrlQueryDto,
    @RequestContext() context: CommandContext,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<FastifyReply> {
    const { asset, expiresAt } = await this.queries.execute(new AuthorizeDownload(assetId, query.expires, query.signature, context.actor));
    const file = { mimeType: asset.mime_type, fileName: asset.file_name, attachment: asset.kind === 'attachment' };
    // Kept, but revalidated before every use: a 304 comes only after every access rule above was checked again.
    void reply.header('cache-control', 'private, no-cache');
    if (this.store.kind === 's3' && this.store.delivery === 'redirect') {
      void reply.header('cache-control', 'private, no-store');
      return reply.redirect(await this.store.downloadUrl(asset.storage_key, file, expiresAt), 302);
    }

    const object = await this.store.open(asset.storage_key);
    if (!object) throw MediaErrors.assetNotFound();
    try {
      // Where the uploader can still write the object (S3), only the bytes that were checked are served: others, as if gone.
      if (asset.object_etag !== null && object.etag !== asset.object_etag) throw MediaErrors.assetNotFound();
      const { size, etag, lastModified } = object;
      void reply.header('etag', etag).header('last-modified', lastModified.toUTCString()).header('accept-ranges', 'bytes');
      if (notModified(request.headers, object)) {
        await object.close();
        return reply.status(304).send();
      }
      // An If-Range naming other bytes than these: the whole, current body (200), whatever the range.
      const ifRange = request.headers['if-range'];
      // Sent twice, If-Range names nothing for sure: the whole body.
      const range = rangeApplies(Array.isArray(ifRange) ? '' : ifRange, object) ? byteRange(request.headers.range, size) : null;
      if (range === 'unsatisfiable') {
        void reply.header('content-range', `bytes */${size}`);
        throw new HttpProblem(416, 'MEDIA.RANGE_NOT_SATISFIABLE', `The range asked for starts beyond the end of this ${size}-byte file.`);
      }
      // HEAD (Fastify answers it from this GET route) would read the whole object only to drop it: the headers say it all.
      const body = request.method === 'HEAD' ? await object.close().then(() => Readable.from([])) : await object.stream(range);
      if (!body) throw MediaErrors.assetNotFound();
      void reply
        .header('content-type', file.mimeType)
        .header('content-disposition', contentDisposition(file.fileName, file.attachment))
        .header('x-content-type-options', 'nosniff')
        .header('content-length', String(range ? range.end - range.start + 1 : size));
      if (range) void reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${size}`);
      return reply.send(body);
    } catch (error) {
      await object.close();
      throw error;
    }
  }
}
