import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InlineProjection, type InlineProjector, type RecordedEvent } from '#platform';
import type { CategoryEvent } from '../domain/category-events.js';

/** catalog_categories from the category tree's stream, in the append's transaction: the admin reads the tree they just changed. */
@Injectable()
@InlineProjection()
export class CategoriesProjector implements InlineProjector {
  readonly eventTypes = [
    'catalog.category-created',
    'catalog.category-renamed',
    'catalog.category-moved',
    'catalog.categories-reordered',
    'catalog.category-deleted',
  ] as const;

  async project(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events as readonly RecordedEvent<CategoryEvent>[]) {
      const at = event.createdAt.toISOString();
      switch (event.type) {
        case 'catalog.category-created': {
          const { categoryId, parentId, slug, name, position } = event.data;
          await manager.query(
            `INSERT INTO catalog_categories (id, parent_id, slug, name, position, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [categoryId, parentId, slug, name, position, at],
          );
          break;
        }
        case 'catalog.category-renamed':
          await manager.query(`UPDATE catalog_categories SET slug = $2, name = $3, updated_at = $4 WHERE id = $1`, [
            event.data.categoryId,
            event.data.slug,
            event.data.name,
            at,
          ]);
          break;
        case 'catalog.category-moved':
          await manager.query(`UPDATE catalog_categories SET parent_id = $2, position = $3, updated_at = $4 WHERE id = $1`, [
            event.data.categoryId,
            event.data.parentId,
            event.data.position,
            at,
          ]);
          break;
        case 'catalog.categories-reordered':
          await manager.query(
            `UPDATE catalog_categories c SET position = o.position - 1, updated_at = $2
               FROM unnest($1::uuid[]) WITH ORDINALITY AS o (id, position) WHERE c.id = o.id`,
            [event.data.order, at],
          );
          break;
        case 'catalog.category-deleted':
          await manager.query(`DELETE FROM catalog_categories WHERE id = $1`, [event.data.categoryId]);
          break;
      }
    }
  }
}
