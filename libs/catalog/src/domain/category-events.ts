import type { DomainEvent } from '#platform/domain';

/** The one stream that holds the whole category tree: a move is checked for cycles against all of it. */
export const CATEGORY_TREE_STREAM = 'category-tree';

export type CategoryCreated = DomainEvent<
  'catalog.category-created',
  { categoryId: string; parentId: string | null; slug: string; name: string; position: number }
>;

export type CategoryRenamed = DomainEvent<'catalog.category-renamed', { categoryId: string; slug: string; name: string }>;

/** Moved to the end of its new parent's children. */
export type CategoryMoved = DomainEvent<'catalog.category-moved', { categoryId: string; parentId: string | null; position: number }>;

/** The children of one parent (null: the roots) in their new order, first to last. */
export type CategoriesReordered = DomainEvent<'catalog.categories-reordered', { parentId: string | null; order: string[] }>;

export type CategoryDeleted = DomainEvent<'catalog.category-deleted', { categoryId: string }>;

export type CategoryEvent = CategoryCreated | CategoryRenamed | CategoryMoved | CategoriesReordered | CategoryDeleted;
