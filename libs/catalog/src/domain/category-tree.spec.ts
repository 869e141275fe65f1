import { describe, expect, it } from 'vitest';
import { foldEvents } from '#platform/domain';
import { deciderSpec } from '#platform/testing';
import type { CategoryEvent } from './category-events.js';
import { type CategoryCommand, categoryTreeDecider, MAX_CATEGORY_DEPTH } from './category-tree.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const created = (n: number, parent: number | null, position = 0, slug = `c${n}`): CategoryEvent => ({
  type: 'catalog.category-created',
  data: { categoryId: id(n), parentId: parent === null ? null : id(parent), slug, name: `Category ${n}`, position },
});

const { given } = deciderSpec(categoryTreeDecider);
/** 1 → 2 → 3, and 4 beside 1. */
const tree = [created(1, null, 0), created(2, 1, 0), created(3, 2, 0), created(4, null, 1)];

/** A chain of `levels` categories, 10 at the top. */
const chain = (levels: number) => Array.from({ length: levels }, (_, i) => created(10 + i, i === 0 ? null : 10 + i - 1, 0));

describe('categoryTreeDecider', () => {
  describe('CreateCategory', () => {
    const create = (n: number, parent: number | null, slug = `c${n}`): CategoryCommand => ({
      type: 'CreateCategory',
      categoryId: id(n),
      parentId: parent === null ? null : id(parent),
      slug,
      name: `Category ${n}`,
    });
    it('creates a root first among roots', () => given([]).when(create(1, null)).then([created(1, null, 0)]));
    it('creates a child last among its siblings', () => given(tree).when(create(5, 1)).then([created(5, 1, 1)]));
    it('puts a new root after the existing roots', () => given(tree).when(create(5, null)).then([created(5, null, 2)]));
    it('refuses an id that exists', () => given(tree).when(create(1, null, 'other')).thenRefuses('CATALOG.CATEGORY_EXISTS', 'conflict'));
    it('refuses a missing parent', () => given(tree).when(create(5, 99)).thenRefuses('CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid'));
    it('refuses a slug in use anywhere in the tree', () => given(tree).when(create(5, 4, 'c3')).thenRefuses('CATALOG.CATEGORY_SLUG_TAKEN', 'conflict'));
    it('allows the deepest level', () => given(chain(MAX_CATEGORY_DEPTH - 1)).when(create(5, 10 + MAX_CATEGORY_DEPTH - 2)).then([created(5, 10 + MAX_CATEGORY_DEPTH - 2, 0)]));
    it('refuses a level deeper', () =>
      given(chain(MAX_CATEGORY_DEPTH)).when(create(5, 10 + MAX_CATEGORY_DEPTH - 1)).thenRefuses('CATALOG.CATEGORY_TOO_DEEP', 'invalid'));
  });

  describe('RenameCategory', () => {
    const rename = (slug: string, name = 'Renamed'): CategoryCommand => ({ type: 'RenameCategory', categoryId: id(2), slug, name });
    it('renames', () => given(tree).when(rename('new-slug')).then([{ type: 'catalog.category-renamed', data: { categoryId: id(2), slug: 'new-slug', name: 'Renamed' } }]));
    it('keeps its own slug and changes the name', () =>
      given(tree).when(rename('c2')).then([{ type: 'catalog.category-renamed', data: { categoryId: id(2), slug: 'c2', name: 'Renamed' } }]));
    it('does nothing when nothing changes', () => given(tree).when(rename('c2', 'Category 2')).then([]));
    it('refuses another category\'s slug', () => given(tree).when(rename('c1')).thenRefuses('CATALOG.CATEGORY_SLUG_TAKEN', 'conflict'));
    it('refuses a missing category', () =>
      given(tree).when({ type: 'RenameCategory', categoryId: id(99), slug: 'x', name: 'x' }).thenRefuses('CATALOG.CATEGORY_NOT_FOUND', 'not_found'));
  });

  describe('MoveCategory', () => {
    const move = (n: number, parent: number | null): CategoryCommand => ({ type: 'MoveCategory', categoryId: id(n), parentId: parent === null ? null : id(parent) });
    it('moves under another parent, last there', () =>
      given(tree).when(move(3, 1)).then([{ type: 'catalog.category-moved', data: { categoryId: id(3), parentId: id(1), position: 1 } }]));
    it('makes a root', () => given(tree).when(move(2, null)).then([{ type: 'catalog.category-moved', data: { categoryId: id(2), parentId: null, position: 2 } }]));
    it('does nothing when the parent is the same', () => given(tree).when(move(2, 1)).then([]));
    it('refuses a move under itself', () => given(tree).when(move(2, 2)).thenRefuses('CATALOG.CATEGORY_CYCLE', 'invalid'));
    it('refuses a move under its own descendant', () => given(tree).when(move(1, 3)).thenRefuses('CATALOG.CATEGORY_CYCLE', 'invalid'));
    it('refuses a missing category', () => given(tree).when(move(99, 1)).thenRefuses('CATALOG.CATEGORY_NOT_FOUND', 'not_found'));
    it('refuses a missing parent', () => given(tree).when(move(2, 99)).thenRefuses('CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid'));
    it('refuses a move that makes the subtree too deep', () =>
      // 1 → 2 → 3 is three levels; under the deepest-but-two of a full chain it would overflow.
      given([...tree, ...chain(MAX_CATEGORY_DEPTH - 2)]).when(move(1, 10 + MAX_CATEGORY_DEPTH - 3)).thenRefuses('CATALOG.CATEGORY_TOO_DEEP', 'invalid'));
    it('allows a move that fills the tree to the deepest level exactly', () =>
      given([...tree, ...chain(MAX_CATEGORY_DEPTH - 3)])
        .when(move(1, 10 + MAX_CATEGORY_DEPTH - 4))
        .then([{ type: 'catalog.category-moved', data: { categoryId: id(1), parentId: id(10 + MAX_CATEGORY_DEPTH - 4), position: 0 } }]));
  });

  describe('ReorderCategories', () => {
    const reorder = (parent: number | null, order: number[]): CategoryCommand => ({ type: 'ReorderCategories', parentId: parent === null ? null : id(parent), order: order.map(id) });
    it('reorders the roots', () =>
      given(tree).when(reorder(null, [4, 1])).then([{ type: 'catalog.categories-reordered', data: { parentId: null, order: [id(4), id(1)] } }]));
    it('does nothing when the order is the current one', () => given(tree).when(reorder(null, [1, 4])).then([]));
    it('refuses an order that leaves a child out', () => given(tree).when(reorder(null, [4])).thenRefuses('CATALOG.CATEGORY_ORDER_MISMATCH', 'conflict'));
    it('refuses an order with a stranger', () => given(tree).when(reorder(null, [4, 2])).thenRefuses('CATALOG.CATEGORY_ORDER_MISMATCH', 'conflict'));
    it('refuses an order naming a child twice', () => given(tree).when(reorder(null, [1, 1])).thenRefuses('CATALOG.CATEGORY_ORDER_MISMATCH', 'conflict'));
    it('refuses a missing parent', () => given(tree).when(reorder(99, [])).thenRefuses('CATALOG.PARENT_CATEGORY_NOT_FOUND', 'invalid'));
  });

  describe('DeleteCategory', () => {
    const remove = (n: number, contentCount = 0): CategoryCommand => ({ type: 'DeleteCategory', categoryId: id(n), contentCount });
    it('deletes an empty leaf', () => given(tree).when(remove(3)).then([{ type: 'catalog.category-deleted', data: { categoryId: id(3) } }]));
    it('refuses one with subcategories', () => given(tree).when(remove(2)).thenRefuses('CATALOG.CATEGORY_NOT_EMPTY', 'conflict'));
    it('refuses one with contents', () => given(tree).when(remove(3, 1)).thenRefuses('CATALOG.CATEGORY_NOT_EMPTY', 'conflict'));
    it('refuses a missing category', () => given(tree).when(remove(99)).thenRefuses('CATALOG.CATEGORY_NOT_FOUND', 'not_found'));
  });

  it('folds every event into the tree', () => {
    const state = foldEvents(categoryTreeDecider, [
      ...tree,
      { type: 'catalog.category-renamed', data: { categoryId: id(2), slug: 'two', name: 'Two' } },
      { type: 'catalog.category-moved', data: { categoryId: id(3), parentId: null, position: 2 } },
      { type: 'catalog.categories-reordered', data: { parentId: null, order: [id(3), id(4), id(1)] } },
      { type: 'catalog.category-deleted', data: { categoryId: id(2) } },
    ]);
    expect(Object.fromEntries(state)).toEqual({
      [id(1)]: { parentId: null, slug: 'c1', name: 'Category 1', position: 2 },
      [id(3)]: { parentId: null, slug: 'c3', name: 'Category 3', position: 0 },
      [id(4)]: { parentId: null, slug: 'c4', name: 'Category 4', position: 1 },
    });
  });
});
