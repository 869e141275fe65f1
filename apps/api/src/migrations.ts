import {
  EventStore1764201600000,
  IdempotencyLeases1764265000000,
  MailOutbox1764400200000,
  PlatformSecrets1764260000000,
  SmsOutbox1764700400000,
  Subscriptions1764250000000,
} from '#platform';
import {
  Identity1764201700000,
  IdentityEmailVerification1764400300000,
  IdentityMfa1764400400000,
  IdentitySecretsOutOfEvents1764400000000,
  IdentitySessions1764400100000,
  IdentitySuspension1764400500000,
  IdentityProfileAndRoles1764700000000,
  IdentityPersonalKeys1764700200000,
  IdentitySecurityAlerts1764700300000,
  IdentityPhone1764700500000,
  IdentityExternalIdentities1764780000000,
} from '#identity';
import { Catalog1764201800000, CatalogCategoriesAndSearch1764730000000, CatalogKindsRevisionsEnrolments1764720000000, CatalogLearningProgress1764665000000, CatalogCertificates1764761000000 } from '#catalog';
import { Commerce1764201900000, CommerceOpenOrdersAndRefundsDue1764270000000, CommerceOrderExpiry1764600000000, CommerceAccessGrants1764610000000, CommerceRefunds1764620000000, CommerceLedgerEnforced1764630000000, CommerceCoupons1764640000000, CommercePayouts1764650000000, CommerceMemberships1764660000000, CommerceBundles1764661000000, CommerceChargebacks1764662000000, CommerceCommissions1764663000000, CommercePlanChanges1764664000000, CommerceLessonsOpened1764666000000, CommercePaymentProviders1764670000000, CommerceProviderCustomers1764671000000, CommerceQuestionOffers1764750100000 } from '#commerce';
import { Recommendation1764202000000, RecommendationBatches1764300000000 } from '#recommendation';
import { Audit1764202100000, AuditCheckpoints1764700100000 } from '#audit';
import { EntitlementWebhooks1764790000000, Integrations1764680000000 } from '#integrations';
import { Analytics1764690000000, AnalyticsPartitionsAsOwner1764691000000 } from '#analytics';
import { Community1764740000000 } from '#community';
import { Consulting1764750000000 } from '#consulting';
import { Social1764760000000, SocialColumnBuyers1764830000000 } from '#social';
import { Media1764770000000 } from '#media';

/** Every schema migration, in the order they apply (sorted by the timestamp in their names). */
export const allMigrations = [
  EventStore1764201600000,
  Identity1764201700000,
  Catalog1764201800000,
  Commerce1764201900000,
  Recommendation1764202000000,
  Audit1764202100000,
  Subscriptions1764250000000,
  PlatformSecrets1764260000000,
  IdempotencyLeases1764265000000,
  CommerceOpenOrdersAndRefundsDue1764270000000,
  RecommendationBatches1764300000000,
  IdentitySecretsOutOfEvents1764400000000,
  IdentitySessions1764400100000,
  MailOutbox1764400200000,
  IdentityEmailVerification1764400300000,
  IdentityMfa1764400400000,
  IdentitySuspension1764400500000,
  CommerceOrderExpiry1764600000000,
  CommerceAccessGrants1764610000000,
  CommerceRefunds1764620000000,
  CommerceLedgerEnforced1764630000000,
  CommerceCoupons1764640000000,
  CommercePayouts1764650000000,
  CommerceMemberships1764660000000,
  CommerceBundles1764661000000,
  CommerceChargebacks1764662000000,
  CommerceCommissions1764663000000,
  CommercePlanChanges1764664000000,
  CatalogLearningProgress1764665000000,
  CommerceLessonsOpened1764666000000,
  CommercePaymentProviders1764670000000,
  CommerceProviderCustomers1764671000000,
  Integrations1764680000000,
  Analytics1764690000000,
  AnalyticsPartitionsAsOwner1764691000000,
  IdentityProfileAndRoles1764700000000,
  AuditCheckpoints1764700100000,
  IdentityPersonalKeys1764700200000,
  IdentitySecurityAlerts1764700300000,
  SmsOutbox1764700400000,
  IdentityPhone1764700500000,
  CatalogKindsRevisionsEnrolments1764720000000,
  CatalogCategoriesAndSearch1764730000000,
  Community1764740000000,
  Consulting1764750000000,
  CommerceQuestionOffers1764750100000,
  Social1764760000000,
  CatalogCertificates1764761000000,
  Media1764770000000,
  IdentityExternalIdentities1764780000000,
  EntitlementWebhooks1764790000000,
  SocialColumnBuyers1764830000000,
];
