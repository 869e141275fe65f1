import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PageQueryDto } from '#platform';
import { BUNDLE_MAX_ITEMS } from '../domain/bundle.js';

export class CreateBundleDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: '机器学习全家桶' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 2, maxItems: BUNDLE_MAX_ITEMS, description: "The caller's own published items" })
  @IsUUID('4', { each: true })
  @ArrayMinSize(2)
  @ArrayMaxSize(BUNDLE_MAX_ITEMS)
  @ArrayUnique()
  contentIds: string[];

  @ApiProperty({ minimum: 1, example: 19_900, description: 'The price of all of them together, less than their list prices added up' })
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  priceCents: number;

  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency: string;
}

export class BundlesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  creatorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Bundles that hold this item' })
  @IsOptional()
  @IsUUID('4')
  contentId?: string;
}

export class BundleItemDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the item is no longer on sale' }) title: string | null;
  @ApiProperty({ type: Number, nullable: true }) listPriceCents: number | null;
}

export class BundleDto {
  @ApiProperty({ format: 'uuid' }) bundleId: string;
  @ApiProperty({ format: 'uuid' }) creatorId: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: [BundleItemDto] }) items: BundleItemDto[];
  @ApiProperty({ description: 'The bundle\'s price' }) priceCents: number;
  @ApiProperty({ example: 'CNY' }) currency: string;
  @ApiProperty({ description: 'What its items cost one by one today' }) listPriceCents: number;
  @ApiProperty({ enum: ['offered', 'retired'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BundlePageDto {
  @ApiProperty({ type: [BundleDto] }) items: BundleDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
