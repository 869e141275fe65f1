import { Module, type OnModuleInit } from '@nestjs/common';
import { EventTypeRegistry } from '#platform';
import { commerceEventTypes } from './domain/commerce-events.js';
import { GetEntitledContentIdsHandler } from './queries/get-entitled-content-ids.js';
import { HasEntitlementHandler } from './queries/has-entitlement.js';

@Module({
  providers: [HasEntitlementHandler, GetEntitledContentIdsHandler],
})
export class CommerceModule implements OnModuleInit {
  constructor(private readonly eventTypes: EventTypeRegistry) {}

  onModuleInit(): void {
    this.eventTypes.register(commerceEventTypes);
  }
}
