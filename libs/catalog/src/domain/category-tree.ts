import type { Decider } from '#platform/domain';
import { CatalogErrors } from './catalog.errors.js';
import type { CategoryEvent } from './category-events.js';

export interface CategoryNode {
  parentId: string | null;
  slug: string;
  name: string;
  position: number;
}

/** Every category by id. */
export type CategoryTree = ReadonlyMap<string, CategoryNode>;

export type CategoryCommand =
  | { type: 'CreateCategory'; categoryId: string; parentId: string | null; slug: string; name: string }
  | { type: 'RenameCategory'; categoryId: string; slug: string; name: string }
  | { type: 'MoveCategory'; categoryId: string; parentId: string | null }
  | { type: 'ReorderCategories'; parentId: string | null; order: string[] }
  /** `contentCount`: contents filed under it now, counted by the handler from the read model. */
  | { type: 'DeleteCategory'; categoryId: string; contentCount: number };

/** Deepest nesting allowed: a root is level 1. Deeper trees stop helping anyone browse. */
export const MAX_CATEGORY_DEPTH = 5;

function childrenOf(tree: CategoryTree, parentId: string | null): string[] {
  return [...tree]
    .filter(([, node]) => node.parentId === parentId)
    .sort(([, a], [, b]) => a.position - b.position)
    .map(([id]) => id);
}

function nextPosition(tree: CategoryTree, parentId: string | null): number {
  return Math.max(-1, ...childrenOf(tree, parentId).map((id) => tree.get(id)!.position)) + 1;
}

/** Levels from the root down to `id` (a root is 1). */
function depthOf(tree: CategoryTree, id: string): number {
  let depth = 0;
  for (let current: string | null = id; current !== null; current = tree.get(current)!.parentId) depth++;
  return depth;
}

/** Levels below `id` including itself (a leaf is 1). */
function heightOf(tree: CategoryTree, id: string): number {
  return 1 + Math.max(0, ...childrenOf(tree, id).map((child) => heightOf(tree, child)));
}

function isWithin(tree: CategoryTree, id: string, ancestorId: string): boolean {
  for (let current: string | null = id; current !== null; current = tree.get(current)!.parentId) {
    if (current === ancestorId) return true;
  }
  return false;
}

function requireParent(tree: CategoryTree, parentId: string | null): void {
  if (parentId !== null && !tree.has(parentId)) throw CatalogErrors.parentCategoryNotFound();
}

function requireFreeSlug(tree: CategoryTree, slug: string, exceptId: string | null): void {
  for (const [id, node] of tree) if (node.slug === slug && id !== exceptId) throw CatalogErrors.categorySlugTaken(slug);
}

function requireCategory(tree: CategoryTree, categoryId: string): CategoryNode {
  const node = tree.get(categoryId);
  if (!node) throw CatalogErrors.categoryNotFound();
  return node;
}

/**
 * The category tree: unique slugs, no cycles, at most MAX_CATEGORY_DEPTH levels, siblings in a
 * stated order, and a category leaves only when nothing is filed under it.
 */
export const categoryTreeDecider: Decider<CategoryTree, CategoryCommand, CategoryEvent> = {
  initialState: () => new Map(),

  evolve(state, event) {
    const tree = new Map(state);
    switch (event.type) {
      case 'catalog.category-created': {
        const { categoryId, parentId, slug, name, position } = event.data;
        tree.set(categoryId, { parentId, slug, name, position });
        break;
      }
      case 'catalog.category-renamed': {
        const { categoryId, slug, name } = event.data;
        tree.set(categoryId, { ...tree.get(categoryId)!, slug, name });
        break;
      }
      case 'catalog.category-moved': {
        const { categoryId, parentId, position } = event.data;
        tree.set(categoryId, { ...tree.get(categoryId)!, parentId, position });
        break;
      }
      case 'catalog.categories-reordered':
        event.data.order.forEach((id, position) => tree.set(id, { ...tree.get(id)!, position }));
        break;
      case 'catalog.category-deleted':
        tree.delete(event.data.categoryId);
        break;
    }
    return tree;
  },

  decide(command, tree) {
    switch (command.type) {
      case 'CreateCategory': {
        const { categoryId, parentId, slug, name } = command;
        if (tree.has(categoryId)) throw CatalogErrors.categoryExists();
        requireParent(tree, parentId);
        requireFreeSlug(tree, slug, null);
        if (parentId !== null && depthOf(tree, parentId) >= MAX_CATEGORY_DEPTH) throw CatalogErrors.categoryTooDeep(MAX_CATEGORY_DEPTH);
        return [{ type: 'catalog.category-created', data: { categoryId, parentId, slug, name, position: nextPosition(tree, parentId) } }];
      }
      case 'RenameCategory': {
        const { categoryId, slug, name } = command;
        const node = requireCategory(tree, categoryId);
        requireFreeSlug(tree, slug, categoryId);
        if (node.slug === slug && node.name === name) return [];
        return [{ type: 'catalog.category-renamed', data: { categoryId, slug, name } }];
      }
      case 'MoveCategory': {
        const { categoryId, parentId } = command;
        const node = requireCategory(tree, categoryId);
        requireParent(tree, parentId);
        if (node.parentId === parentId) return [];
        if (parentId !== null && isWithin(tree, parentId, categoryId)) throw CatalogErrors.categoryCycle();
        const depthOfParent = parentId === null ? 0 : depthOf(tree, parentId);
        if (depthOfParent + heightOf(tree, categoryId) > MAX_CATEGORY_DEPTH) throw CatalogErrors.categoryTooDeep(MAX_CATEGORY_DEPTH);
        return [{ type: 'catalog.category-moved', data: { categoryId, parentId, position: nextPosition(tree, parentId) } }];
      }
      case 'ReorderCategories': {
        const { parentId, order } = command;
        requireParent(tree, parentId);
        const children = childrenOf(tree, parentId);
        // Exactly the current children, each once: a stale client's order must not drop or invent one.
        const sameSet = order.length === children.length && new Set(order).size === order.length && order.every((id) => children.includes(id));
        if (!sameSet) throw CatalogErrors.categoryOrderMismatch();
        if (order.every((id, i) => children[i] === id)) return [];
        return [{ type: 'catalog.categories-reordered', data: { parentId, order } }];
      }
      case 'DeleteCategory': {
        const { categoryId, contentCount } = command;
        requireCategory(tree, categoryId);
        if (childrenOf(tree, categoryId).length > 0 || contentCount > 0) throw CatalogErrors.categoryNotEmpty();
        return [{ type: 'catalog.category-deleted', data: { categoryId } }];
      }
    }
  },
};

