import { IdentityModule } from '#identity';
import { CatalogModule } from '#catalog';
import { CommerceModule } from '#commerce';
import { RecommendationModule } from '#recommendation';
import { AuditModule } from '#audit';
import { IntegrationsModule } from '#integrations';
import { AnalyticsModule } from '#analytics';
import { CommunityModule } from '#community';
import { ConsultingModule } from '#consulting';
import { SocialModule } from '#social';
import { MediaModule } from '#media';

/**
 * Every domain's core module (event types and upcasters, commands, queries, inline projections,
 * rules). The api, the worker and the CLI all load exactly this list, so a command behaves the
 * same in each, and a process never meets an event type it cannot read.
 */
export const DOMAIN_CORE_MODULES = [IdentityModule, CatalogModule, CommerceModule, RecommendationModule, AuditModule, IntegrationsModule, AnalyticsModule, CommunityModule, ConsultingModule, SocialModule, MediaModule];
