// Public surface of the commerce domain.
export { CommerceModule } from './commerce.module.js';
export { CommerceHttpModule } from './commerce-http.module.js';
export { commerceEventTypes } from './domain/commerce-events.js';
export type { OrderPlaced, OrderPaid, PaymentFailed, OrderItem } from './domain/commerce-events.js';
export { HasEntitlement } from './queries/has-entitlement.js';
export { GetEntitledContentIds } from './queries/get-entitled-content-ids.js';
export { Commerce1764201900000 } from './migrations/1764201900000-commerce.js';
export { PlaceOrder } from './commands/place-order.js';
export { ReceiveSandboxWebhook } from './commands/receive-sandbox-webhook.js';
export { signSandboxPayload } from './payments/sandbox-signature.js';
