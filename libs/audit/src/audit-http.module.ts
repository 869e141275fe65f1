import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditModule } from './audit.module.js';
import { AdminActionRecorder } from './http/admin-action.interceptor.js';
import { AuditController, AuditPublicKeyController } from './http/audit.controller.js';

/** The api side of audit: records every admin request, serves and verifies the trail. */
@Module({
  imports: [AuditModule],
  controllers: [AuditController, AuditPublicKeyController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: AdminActionRecorder }],
})
export class AuditHttpModule {}
