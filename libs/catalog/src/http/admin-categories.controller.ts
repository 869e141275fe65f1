import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { ApiProblem, type CommandContext, Policy, type ProblemCodes, RequestContext, UuidParam } from '#platform';
import { ChangeCategoryTree } from '../commands/change-category-tree.js';
import { GetCategoryTree } from '../queries/get-category-tree.js';
import { CategoryDto, CreateCategoryDto, CreatedCategoryDto, MoveCategoryDto, RenameCategoryDto, ReorderCategoriesDto } from './categories.dto.js';

const CONCURRENT: ProblemCodes = { 'EVENT_STORE.VERSION_CONFLICT': 'Another admin changed the tree at the same moment; reload it and retry' };
const NOT_FOUND: ProblemCodes = { 'CATALOG.CATEGORY_NOT_FOUND': 'No such category' };

/** Admins shape the category tree; every change goes through the tree's one stream. */
@ApiTags('admin: categories')
@Controller('api/v1/admin/categories')
export class AdminCategoriesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Policy('manage', 'Category')
  @ApiOperation({ operationId: 'createCategory', summary: 'Create a category', description: 'Under a parent (or as a root), last among its siblings.' })
  @ApiCreatedResponse({ type: CreatedCategoryDto })
  @ApiProblem(409, { 'CATALOG.CATEGORY_SLUG_TAKEN': 'Another category has this slug', ...CONCURRENT })
  @ApiProblem(422, {
    'CATALOG.PARENT_CATEGORY_NOT_FOUND': 'The parent does not exist',
    'CATALOG.CATEGORY_TOO_DEEP': 'It would nest deeper than the tree allows',
  })
  async create(@Body() body: CreateCategoryDto, @RequestContext() context: CommandContext): Promise<CreatedCategoryDto> {
    const categoryId = randomUUID();
    await this.commands.execute(new ChangeCategoryTree({ type: 'CreateCategory', categoryId, parentId: body.parentId, slug: body.slug, name: body.name }, context));
    return { id: categoryId };
  }

  @Patch(':id')
  @Policy('manage', 'Category')
  @ApiOperation({ operationId: 'renameCategory', summary: 'Rename a category', description: 'Sets its name and slug; the old slug stops working in filters.' })
  @ApiOkResponse({ type: [CategoryDto], description: 'The whole tree after the change' })
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, { 'CATALOG.CATEGORY_SLUG_TAKEN': 'Another category has this slug', ...CONCURRENT })
  async rename(@Param('id', UuidParam) id: string, @Body() body: RenameCategoryDto, @RequestContext() context: CommandContext): Promise<CategoryDto[]> {
    await this.commands.execute(new ChangeCategoryTree({ type: 'RenameCategory', categoryId: id, slug: body.slug, name: body.name }, context));
    return this.queries.execute(new GetCategoryTree());
  }

  @Post(':id/move')
  @HttpCode(200)
  @Policy('manage', 'Category')
  @ApiOperation({ operationId: 'moveCategory', summary: 'Move a category under another parent', description: 'With everything below it; never under itself or its own descendants.' })
  @ApiOkResponse({ type: [CategoryDto], description: 'The whole tree after the change' })
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, CONCURRENT)
  @ApiProblem(422, {
    'CATALOG.PARENT_CATEGORY_NOT_FOUND': 'The new parent does not exist',
    'CATALOG.CATEGORY_CYCLE': 'The new parent is the category itself or below it',
    'CATALOG.CATEGORY_TOO_DEEP': 'The tree would nest deeper than allowed',
  })
  async move(@Param('id', UuidParam) id: string, @Body() body: MoveCategoryDto, @RequestContext() context: CommandContext): Promise<CategoryDto[]> {
    await this.commands.execute(new ChangeCategoryTree({ type: 'MoveCategory', categoryId: id, parentId: body.parentId }, context));
    return this.queries.execute(new GetCategoryTree());
  }

  @Put('order')
  @Policy('manage', 'Category')
  @ApiOperation({ operationId: 'reorderCategories', summary: 'Reorder the children of one parent', description: 'The order lists every current child exactly once.' })
  @ApiOkResponse({ type: [CategoryDto], description: 'The whole tree after the change' })
  @ApiProblem(409, { 'CATALOG.CATEGORY_ORDER_MISMATCH': 'The order does not list exactly the current children', ...CONCURRENT })
  @ApiProblem(422, { 'CATALOG.PARENT_CATEGORY_NOT_FOUND': 'The parent does not exist' })
  async reorder(@Body() body: ReorderCategoriesDto, @RequestContext() context: CommandContext): Promise<CategoryDto[]> {
    await this.commands.execute(new ChangeCategoryTree({ type: 'ReorderCategories', parentId: body.parentId, order: body.order }, context));
    return this.queries.execute(new GetCategoryTree());
  }

  @Delete(':id')
  @HttpCode(204)
  @Policy('manage', 'Category')
  @ApiOperation({ operationId: 'deleteCategory', summary: 'Delete an empty category', description: 'Only without subcategories and without contents filed under it.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblem(404, NOT_FOUND)
  @ApiProblem(409, { 'CATALOG.CATEGORY_NOT_EMPTY': 'It still has subcategories or contents', ...CONCURRENT })
  async delete(@Param('id', UuidParam) id: string, @RequestContext() context: CommandContext): Promise<void> {
    await this.commands.execute(new ChangeCategoryTree({ type: 'DeleteCategory', categoryId: id }, context));
  }
}
