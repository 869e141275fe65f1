import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One stored event may now go out twice to an endpoint: as itself (order.paid) and as the change of
 * access it made (entitlement.granted). A delivery is unique per (endpoint, event, public type).
 */
export class EntitlementWebhooks1764790000000 implements MigrationInterface {
  name = 'EntitlementWebhooks1764790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE integration_webhook_deliveries DROP CONSTRAINT integration_webhook_deliveries_endpoint_id_event_position_key`);
    await db.query(`ALTER TABLE integration_webhook_deliveries ADD CONSTRAINT integration_webhook_deliveries_endpoint_event_type_key UNIQUE (endpoint_id, event_position, event_type)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM integration_webhook_deliveries WHERE event_type LIKE 'entitlement.%'`);
    await db.query(`ALTER TABLE integration_webhook_deliveries DROP CONSTRAINT integration_webhook_deliveries_endpoint_event_type_key`);
    await db.query(`ALTER TABLE integration_webhook_deliveries ADD CONSTRAINT integration_webhook_deliveries_endpoint_id_event_position_key UNIQUE (endpoint_id, event_position)`);
  }
}
