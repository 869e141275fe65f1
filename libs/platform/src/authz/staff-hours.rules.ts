import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { STAFF_ROLES } from '../domain/index.js';
import { type AbilityRules, type AbilityRulesBuilder, DefinesAbilities } from './ability.js';
import type { Actor } from './actor.js';
import { staffHoursConditions } from './staff-hours.js';

/** The subject of entering the back office, read at a moment: `{ weekday, minuteOfDay }` in the staff's time zone. */
export const BACK_OFFICE = 'BackOffice';

/**
 * ABAC with time: staff enter the back office (/api/v1/admin/*) within STAFF_HOURS where the
 * operator set them, at any time otherwise; admins at any time if STAFF_HOURS_EXEMPT_ADMINS.
 * AccessGuard asks `can('enter', BackOffice at now)` on every back-office request.
 */
@Injectable()
@DefinesAbilities()
export class StaffHoursRules implements AbilityRules {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  define(actor: Actor | null, { can }: AbilityRulesBuilder): void {
    if (!actor?.roles.some((role) => STAFF_ROLES.includes(role))) return;
    const { staffHours, staffHoursExemptAdmins } = this.config;
    if (!staffHours || (staffHoursExemptAdmins && actor.roles.includes('admin'))) can('enter', BACK_OFFICE);
    else can('enter', BACK_OFFICE, staffHoursConditions(staffHours));
  }
}
