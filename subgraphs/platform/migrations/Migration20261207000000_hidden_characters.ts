/**
 * Names and descriptions stored before they were checked for control and text-direction
 * characters (decisions.md #74) get each such character replaced by U+FFFD, the way the datasets
 * service shows the Labeler's text (#75): a project named `report\u202Egnp.exe` written then would
 * still read "reportexe.png" to everyone who sees it. Descriptions keep their line breaks and tabs.
 * Only rows holding one are written. The characters are gone afterwards: `down` changes nothing.
 */
import { Migration } from '@mikro-orm/migrations';

/** The characters #74 refuses, as PostgreSQL regular expressions, written out here: a migration never changes. */
const IN_LINE = String.raw`[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]`;
const IN_TEXT = String.raw`[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]`;

const COLUMNS: Array<[table: string, column: string, pattern: string]> = [
  ['projects', 'name', IN_LINE],
  ['projects', 'description', IN_TEXT],
  ['experiments', 'name', IN_LINE],
  ['experiments', 'description', IN_TEXT],
  ['training_jobs', 'name', IN_LINE],
  ['models', 'description', IN_TEXT],
  ['model_versions', 'description', IN_TEXT],
  ['deployments', 'name', IN_LINE],
  ['deployment_api_keys', 'name', IN_LINE],
];

export class Migration20261207000000_hidden_characters extends Migration {
  override up(): void {
    for (const [table, column, pattern] of COLUMNS) {
      this.addSql(`update ${table} set ${column} = regexp_replace(${column}, '${pattern}', chr(65533), 'g') where ${column} ~ '${pattern}';`);
    }
  }

  override down(): void {
    // The replaced characters are not kept anywhere: nothing to restore.
  }
}
