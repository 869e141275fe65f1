import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { HttpProblem, type Role, ROLES } from '#platform';

/** A role named in a path (`/roles/moderator`): one of ROLES, or a 400 naming the parameter. */
@Injectable()
export class RoleParam implements PipeTransform<string, Role> {
  transform(value: string, metadata: ArgumentMetadata): Role {
    if ((ROLES as readonly string[]).includes(value)) return value as Role;
    const field = metadata.data ?? 'role';
    throw new HttpProblem(400, 'HTTP.VALIDATION_FAILED', 'Some fields are missing or invalid.', [
      { field, messages: [`${field} must be one of ${ROLES.join(', ')}`] },
    ]);
  }
}
