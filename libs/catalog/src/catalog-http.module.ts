import { Module } from '@nestjs/common';
import { CatalogModule } from './catalog.module.js';
import { AdminContentsController } from './http/admin-contents.controller.js';
import { ContentsController } from './http/contents.controller.js';
import { LearningController } from './http/learning.controller.js';

/** The api side of catalog: its routes. */
@Module({
  imports: [CatalogModule],
  controllers: [ContentsController, AdminContentsController, LearningController],
})
export class CatalogHttpModule {}
