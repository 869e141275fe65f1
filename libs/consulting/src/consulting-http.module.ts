import { Module } from '@nestjs/common';
import { ConsultingModule } from './consulting.module.js';
import { ExpertsController } from './http/experts.controller.js';
import { QuestionsController } from './http/questions.controller.js';

/** The api side of consulting: questions, answers, experts' prices and inboxes. */
@Module({
  imports: [ConsultingModule],
  controllers: [QuestionsController, ExpertsController],
})
export class ConsultingHttpModule {}
