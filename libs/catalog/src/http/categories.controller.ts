import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '#platform';
import { GetCategoryTree } from '../queries/get-category-tree.js';
import { CategoryDto } from './categories.dto.js';

@ApiTags('categories')
@Controller('api/v1/categories')
export class CategoriesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Public('the category tree is the public navigation of the catalogue')
  @ApiOperation({ operationId: 'getCategoryTree', summary: 'The category tree', description: 'Roots first, each with its subcategories, siblings in their set order.' })
  @ApiOkResponse({ type: [CategoryDto] })
  tree(): Promise<CategoryDto[]> {
    return this.queries.execute(new GetCategoryTree());
  }
}
