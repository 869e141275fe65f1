import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { MediaAssetRow } from './media-asset-view.js';

/** One asset's row as projected (deleted ones too), or null; for the handlers that checked the caller already. */
export class GetAssetRow extends Query<MediaAssetRow | null> {
  constructor(readonly assetId: string) {
    super();
  }
}

@QueryHandler(GetAssetRow)
export class GetAssetRowHandler implements IQueryHandler<GetAssetRow> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ assetId }: GetAssetRow): Promise<MediaAssetRow | null> {
    const [row]: MediaAssetRow[] = await this.dataSource.query(`SELECT * FROM media_assets WHERE id = $1`, [assetId]);
    return row ?? null;
  }
}
