import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { SLUG } from './catalog.dto.js';

const TRIMMED = /^\S(.*\S)?$/;

export class CategoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'data-science' }) slug: string;
  @ApiProperty({ example: '数据科学' }) name: string;
  @ApiProperty({ type: () => [CategoryDto], description: 'Subcategories in their set order' }) children: CategoryDto[];
}

class CategoryNaming {
  @ApiProperty({ minLength: 1, maxLength: 64, pattern: SLUG.source, example: 'data-science' })
  @IsString()
  @Length(1, 64)
  @Matches(SLUG, { message: 'slug must be lower-case letters and digits in words joined by single hyphens' })
  slug: string;

  @ApiProperty({ minLength: 1, maxLength: 50, example: '数据科学' })
  @IsString()
  @Length(1, 50)
  @Matches(TRIMMED, { message: 'name must be text without leading or trailing spaces' })
  name: string;
}

export class CreateCategoryDto extends CategoryNaming {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The parent category; null for a root' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId: string | null;
}

export class RenameCategoryDto extends CategoryNaming {}

export class MoveCategoryDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The new parent; null to make it a root. It goes last among its new siblings.' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId: string | null;
}

export class ReorderCategoriesDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Whose children are reordered; null for the roots' })
  @ValidateIf((_, value) => value !== null)
  @IsUUID()
  parentId: string | null;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: 500, description: 'Every current child of that parent, exactly once, first to last' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  order: string[];
}

export class CreatedCategoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
}
