import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A member as a provider knows them (a Stripe Customer), and the payment method they saved there for renewals. */
export class CommerceProviderCustomers1764671000000 implements MigrationInterface {
  name = 'CommerceProviderCustomers1764671000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE commerce_provider_customers (
        provider           text        NOT NULL,
        user_id            uuid        NOT NULL,
        customer_ref       text        NOT NULL,
        payment_method_ref text,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, user_id),
        UNIQUE (provider, customer_ref)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE commerce_provider_customers`);
  }
}
