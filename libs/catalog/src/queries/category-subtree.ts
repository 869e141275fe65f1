import { HttpProblem } from '#platform';

/**
 * The ids of the category with this slug and of every category below it, for list and search
 * filters. An unknown slug is a bad filter value (400), not an empty result.
 */
export async function categorySubtree(db: { query: (sql: string, params: unknown[]) => Promise<{ id: string }[]> }, slug: string): Promise<string[]> {
  const rows = await db.query(
    `WITH RECURSIVE subtree AS (
       SELECT id FROM catalog_categories WHERE slug = $1
       UNION ALL SELECT child.id FROM catalog_categories child JOIN subtree ON child.parent_id = subtree.id)
     SELECT id FROM subtree`,
    [slug],
  );
  if (rows.length === 0) {
    throw new HttpProblem(400, 'CATALOG.UNKNOWN_CATEGORY_SLUG', 'No category has this slug.', [
      { field: 'category', messages: ['category is not a known slug'] },
    ]);
  }
  return rows.map((row) => row.id);
}
