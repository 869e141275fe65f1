import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { PageQueryDto, type Role, ROLES } from '#platform';

/** A BCP 47 language tag Intl knows, in its canonical spelling (`zh-CN`, not `zh_cn`). */
const IsLocaleTag = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLocaleTag',
      validator: {
        validate: (value: unknown) => {
          try {
            return typeof value === 'string' && Intl.getCanonicalLocales(value)[0] === value;
          } catch {
            return false;
          }
        },
        defaultMessage: () => '$property must be a BCP 47 language tag such as zh-CN or en',
      },
    },
    options,
  );

const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
/** An IANA time zone name (`Asia/Shanghai`). */
const IsTimeZone = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTimeZone',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && TIME_ZONES.has(value),
        defaultMessage: () => '$property must be an IANA time zone such as Asia/Shanghai',
      },
    },
    options,
  );

/** A time after now: an expiry in the past would grant nothing. */
const IsFutureTime = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isFutureTime',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && new Date(value).getTime() > Date.now(),
        defaultMessage: () => '$property must be in the future',
      },
    },
    options,
  );

export class RegisterDto {
  @ApiProperty({ example: 'li.hua@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    description: '8 to 128 characters (15 or more recommended), not one of the most common passwords; no composition rules',
  })
  @IsString()
  @MaxLength(1024)
  password: string;

  @ApiProperty({ minLength: 1, maxLength: 64, example: '李华' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName: string;
}

export class LoginDto {
  @ApiProperty({ example: 'li.hua@example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last login or refresh' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  refreshToken: string;
}

export class GrantRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['creator'] })
  @IsIn(ROLES, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  roles: Role[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The roles end then by themselves (a temporary moderator); left out, they last until revoked. Granting a held role sets its end anew.',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @IsFutureTime()
  expiresAt?: string;
}

export class TokensDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Single use: each refresh returns a new one' }) refreshToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 }) expiresIn: number;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: String, nullable: true, format: 'uri' }) avatarUrl: string | null;
  @ApiProperty({ type: String, nullable: true }) bio: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'zh-CN', description: 'BCP 47 language tag' }) locale: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Asia/Shanghai', description: 'IANA time zone' }) timeZone: string | null;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'The roles held now' }) roles: Role[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time' },
    example: { moderator: '2026-12-31T00:00:00.000Z' },
    description: 'When each role granted for a while ends (roles held until revoked are not listed)',
  })
  roleExpiries: Partial<Record<Role, string>>;
  @ApiProperty({ description: 'Whether the owner proved the email is theirs; an unverified account can browse but not buy' })
  emailVerified: boolean;
  @ApiProperty({ description: 'Whether a phone number was proved with a texted code' }) phoneVerified: boolean;
  @ApiProperty({ description: 'Whether sign-in asks for a second factor (required of staff for the back office)' }) mfaEnabled: boolean;
  @ApiProperty({ description: 'A suspended account cannot sign in, and none of its tokens work' }) suspended: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password now in use' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ description: '8 to 128 characters (15 or more recommended), not one of the most common passwords' })
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRefreshedAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'When the refresh token stops working unless refreshed' }) expiresAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The address it was signed in from' }) clientIp: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ description: 'The session of the access token that asked' }) current: boolean;
}

export class MailedTokenDto {
  @ApiProperty({ description: 'The token from the mailed link (`token=` in it)', maxLength: 256 })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  token: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'li.hua@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class PasswordResetDto extends MailedTokenDto {
  @ApiProperty({ description: '8 to 128 characters (15 or more recommended), not one of the most common passwords' })
  @IsString()
  @MaxLength(1024)
  newPassword: string;
}

export class MfaChallengeDto {
  @ApiProperty({ enum: [true], description: 'The password was right; the account has a second factor' }) mfaRequired: true;
  @ApiProperty({ description: 'Present it with a code at POST /api/v1/auth/login/mfa; single use' }) mfaToken: string;
  @ApiProperty({ description: 'Seconds the challenge stays valid', example: 300 }) expiresIn: number;
}

/** A second factor: a code from the authenticator app, or one of the recovery codes. */
export class SecondFactorDto {
  @ApiPropertyOptional({ description: 'The 6-digit code the authenticator app shows', example: '123456' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code?: string;

  @ApiPropertyOptional({ description: 'One of the recovery codes (instead of `code`); each works once', example: 'k3v9q-2m8xd' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  recoveryCode?: string;

  @ApiPropertyOptional({ description: 'A code texted to the verified phone (POST /api/v1/auth/login/mfa/sms), instead of `code`; works once', example: '123456' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode?: string;
}

/** The second factor a body presents, whichever kind it is. */
export const factorOf = ({ code, recoveryCode, smsCode }: SecondFactorDto) => ({ code, recoveryCode, smsCode });

export class MfaTokenDto {
  @ApiProperty({ description: 'The token the password step answered' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  mfaToken: string;
}

export class MfaLoginDto extends SecondFactorDto {
  @ApiProperty({ description: 'The token the password step answered' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  mfaToken: string;
}

export class TotpCodeDto {
  @ApiProperty({ description: 'The 6-digit code the authenticator app shows', example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'The secret in base32, to type into an app by hand' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Zhiku:li.hua%40example.com?secret=…&issuer=Zhiku' }) otpauthUri: string;
  @ApiProperty({ description: 'The URI as a QR code: a PNG data URL' }) qrCodeDataUrl: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Ten single-use codes, shown this once: keep them somewhere safe' }) recoveryCodes: string[];
}

export class AccessTokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ example: 900 }) expiresIn: number;
}

export class SuspensionDto {
  @ApiProperty({ description: 'Why, for the audit trail', minLength: 1, maxLength: 500, example: 'Chargeback fraud' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

/** Fields left out stay as they are; null clears an optional one. Nothing else can be set here (roles, status: 400). */
export class UpdateProfileDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 64, example: '李华', description: 'Cannot be cleared' })
  @ValidateIf((_, value) => value !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Matches(/^\S(.*\S)?$/su, { message: 'displayName must not start or end with spaces' })
  displayName?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uri', maxLength: 2048, example: 'https://cdn.example.com/a/li-hua.png' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsUrl({ protocols: ['https'], require_protocol: true, require_tld: true, allow_underscores: true }, { message: 'avatarUrl must be an https URL' })
  @MaxLength(2048)
  avatarUrl?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 500 })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(500)
  bio?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 35, example: 'zh-CN', description: 'BCP 47 language tag, canonical spelling' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(35)
  @IsLocaleTag()
  locale?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, example: 'Asia/Shanghai', description: 'IANA time zone' })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  timeZone?: string | null;
}

export class EmailChangeDto {
  @ApiProperty({ example: 'li.hua@new.example.com', maxLength: 254, description: 'The address to sign in with from now on, once proved' })
  @IsEmail()
  @MaxLength(254)
  newEmail: string;

  @ApiProperty({ description: 'The password now in use' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class UserSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES, description: 'Only users holding this role now' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';

  @ApiPropertyOptional({ description: 'Only emails starting with this (any case)', example: 'li.hua@', minLength: 1, maxLength: 254 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(254)
  emailPrefix?: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto], description: 'Newest account first' }) items: UserDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}

export class ExportedSessionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['active', 'revoked'] }) status: string;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRefreshedAt: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) revokeReason: string | null;
  @ApiProperty({ type: String, nullable: true }) clientIp: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
}

export class ExportedEventDto {
  @ApiProperty() globalPosition: number;
  @ApiProperty({ example: 'order-2f1c…' }) streamId: string;
  @ApiProperty({ example: 'commerce.order-placed' }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: unknown;
  @ApiProperty({ type: String, nullable: true }) clientIp: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
}

export class PersonalDataExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: UserDto }) profile: UserDto;
  @ApiProperty({ type: [ExportedSessionDto], description: 'Every sign-in, ended ones too' }) sessions: ExportedSessionDto[];
  @ApiProperty({
    type: [ExportedEventDto],
    description: 'Every stored event about the user: those they caused, those of the streams they started (orders, contents…), of their account and sessions, and security events naming them',
  })
  events: ExportedEventDto[];
}

export class EraseAccountDto extends SecondFactorDto {
  @ApiProperty({ description: 'The password now in use; with a second factor set up, `code` or `recoveryCode` too' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;
}

export class SecurityAlertDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['credential-stuffing', 'many-addresses', 'token-reuse'],
    description: 'credential-stuffing: failed sign-ins from one address on many accounts; many-addresses: sign-ins to one account from many addresses; token-reuse: a refresh token used after it was rotated away',
  })
  kind: string;
  @ApiProperty({ description: 'The client address (credential-stuffing) or the user id (the others)' }) subject: string;
  @ApiProperty({ format: 'date-time' }) firstSeen: string;
  @ApiProperty({ format: 'date-time' }) lastSeen: string;
  @ApiProperty({ description: 'Events behind it within the scan window' }) occurrences: number;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { accounts: 7, failures: 12 } }) details: Record<string, unknown>;
}

export class SecurityAlertPageDto {
  @ApiProperty({ type: [SecurityAlertDto] }) items: SecurityAlertDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class PhoneDto {
  @ApiProperty({ description: 'E.164: a plus, the country code and the number, digits only', example: '+8613800138000' })
  @Matches(/^\+[1-9]\d{6,14}$/, { message: 'phone must be in E.164 form, e.g. +8613800138000' })
  phone: string;
}

export class PhoneCodeDto {
  @ApiProperty({ description: 'The 6-digit code texted to the number', example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code: string;
}

export class AuthorizationUrlDto {
  @ApiProperty({ format: 'uri', description: "The provider's sign-in page: send the browser there; it comes back to the provider's callback" })
  authorizationUrl: string;
}

export class ExternalIdentityDto {
  @ApiProperty({ description: 'The provider, as configured (OIDC_PROVIDERS)', example: 'google' }) provider: string;
  @ApiProperty({ format: 'date-time' }) linkedAt: string;
}
