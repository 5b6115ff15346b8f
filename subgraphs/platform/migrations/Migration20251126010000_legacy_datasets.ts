/** T7: mark a pre-Labeler `datasets` table legacy and free job ids from its foreign keys (no-op without one). */
import { Migration } from '@mikro-orm/migrations';
import { MARK_LEGACY_DATASETS_SQL } from '../legacy-datasets';

export class Migration20251126010000_legacy_datasets extends Migration {
  override up(): void {
    this.addSql(MARK_LEGACY_DATASETS_SQL);
  }

  override down(): void {
    // Nothing to undo safely: the flag is harmless and dropped foreign keys cannot be restored blindly.
  }
}
