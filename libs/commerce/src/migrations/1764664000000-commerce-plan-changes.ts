import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A membership's charge either pays a period or a move to another plan (which it names). */
export class CommercePlanChanges1764664000000 implements MigrationInterface {
  name = 'CommercePlanChanges1764664000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE commerce_subscription_payments
        ADD COLUMN purpose    text NOT NULL DEFAULT 'period' CHECK (purpose IN ('period', 'plan-change')),
        ADD COLUMN to_plan_id uuid,
        ADD CONSTRAINT commerce_subscription_payments_change_names_plan CHECK ((purpose = 'plan-change') = (to_plan_id IS NOT NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE commerce_subscription_payments DROP CONSTRAINT commerce_subscription_payments_change_names_plan,
                      DROP COLUMN to_plan_id, DROP COLUMN purpose`);
  }
}
