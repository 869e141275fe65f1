import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { collectRoutePolicies, documentProblems, ProblemDetailsDto } from '#platform';

/** Every tag a controller uses, described (Swagger UI shows these as section headings). */
const TAGS: Record<string, string> = {
  auth: 'Accounts and sessions: register, sign in, refresh and sign out',
  me: "The signed-in caller's own profile and recommendations",
  contents: 'Courses, columns, articles, audio and video: browse, read, and for creators draft and submit',
  categories: 'The category tree the catalogue is browsed by',
  search: 'Full-text search of published contents (Chinese-aware), with facets and suggestions as the user types',
  orders: "Buying contents, and the caller's orders, refunds and entitlements",
  creator: "A creator's own earnings, their statement, payouts, and the analytics of their items",
  coupons: 'Coupons and single-use codes (兑换码): creators for their own items, staff for anything',
  bundles: 'Bundles (组合课): several of a creator\'s items at one price, bought as an order',
  plans: 'Membership plans (会员): a price per period for a creator\'s catalogue, one item, or everything (VIP)',
  subscriptions: "The caller's memberships: subscribe, what is to pay, cancel and resume",
  payments: 'Callbacks from payment providers',
  consulting: 'Q&A on items (learners ask their creators) and paid questions to experts (付费问答), refunded when not answered in time',
  health: 'Liveness and readiness probes',
  learning: 'Learners: progress through lessons, trusted no faster than the clock, and what they are enrolled in',
  audit: 'The public key audit checkpoints are signed with, for outsiders to verify an exported trail',
  'admin: users': 'Staff: user accounts and roles',
  'admin: contents': 'Staff: moderation of contents in review',
  'admin: categories': 'Staff: the category tree (create, rename, move, reorder, delete when empty)',
  'admin: finance': 'Staff: refunds and creator payouts to decide, and money owed back to buyers',
  'admin: access': 'Staff: access given by hand (comps, review copies) and taken back, and every grant of a user for support',
  'admin: ledger': 'Staff: the double-entry ledger',
  'admin: audit': 'Staff: the hash-chained audit trail, its verification and signed checkpoints',
  'admin: recommendations': 'Staff: the recommendation engine',
  'admin: security': 'Staff: anomalies the security scan found in sign-ins and sessions',
  events: 'Behaviour events from client apps (collected for analytics and recommendations)',
  'admin: analytics': 'Staff: statistics, trends, funnels, cohorts and association rules over everything',
  'admin: pricing': 'Staff: the pricing optimiser (linear and integer programming with HiGHS)',
  'admin: data': 'Staff: the data pipeline\'s cleansing reports and quarantine',
  'admin: subscriptions': 'Staff: event subscriptions, their lag and the events they gave up on',
  community: 'Comments on items and lessons, replies, likes, buyers\' reviews and reports (plain text, never HTML)',
  'admin: community': 'Staff: the moderation queue of held and reported posts, approve or remove with a reason',
  certificates: 'Certificates of completed courses: signed (Ed25519), verifiable by anyone, and as a PDF',
  follows: 'Following creators and columns (专栏), and public follower counts',
  notifications: "The caller's inbox: what the creators and columns they follow published",
  messages: 'Direct messages (私信) between buyers and the creators they bought from, and blocks',
  media: 'Audio, video, images and attachments of contents: uploads through signed URLs, their checks, and short-lived playback URLs for entitled users',
  'admin: webhooks': "Operators: integrators' endpoints for signed order, refund and subscription events, and the delivery log",
};

/** The OpenAPI 3.1 document, generated from the controllers and DTOs (committed as openapi.json). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Zhiku API')
    .setDescription(
      'Zhiku (知库): a paid-knowledge platform. Errors are RFC 9457 `application/problem+json` with a stable `code`; ' +
        'each error response lists the codes that route can answer with. Any unknown route answers 404 `HTTP.ROUTE_NOT_FOUND`.',
    )
    .setVersion('1')
    // Relative: the API is served from the same origin as this document (/docs-json), wherever that is.
    .addServer('/', 'The server this document is served from')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const config = builder.build();
  // Not open source: an SPDX reference to our own terms (DocumentBuilder only knows name + url).
  config.info.license = { name: 'Proprietary, all rights reserved', identifier: 'LicenseRef-Proprietary' } as typeof config.info.license;

  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto] });
  documentProblems(document, collectRoutePolicies(app));
  return document;
}

/** Stable text form of the spec, as committed. */
export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
