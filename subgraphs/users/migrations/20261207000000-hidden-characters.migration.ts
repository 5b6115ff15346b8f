/**
 * Users' full names and organizations' names stored before they were checked for control and
 * text-direction characters (decisions.md #74) get each such character replaced by U+FFFD: a name
 * written then as `\u202Enimda` would still read "admin" in every member list. Only rows holding
 * one are written. E-mail addresses are left as they are: they are how an account logs in. The
 * characters are gone afterwards: `down` changes nothing.
 */
import { Migration } from '@mikro-orm/migrations';

/** The characters #74 refuses in one-line text, as a PostgreSQL regular expression, written out here: a migration never changes. */
const IN_LINE = String.raw`[\x01-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]`;

export class Migration20261207000000HiddenCharacters extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "users" set "full_name" = regexp_replace("full_name", '${IN_LINE}', chr(65533), 'g') where "full_name" ~ '${IN_LINE}';`);
    this.addSql(`update "organizations" set "name" = regexp_replace("name", '${IN_LINE}', chr(65533), 'g') where "name" ~ '${IN_LINE}';`);
  }

  override async down(): Promise<void> {
    // The replaced characters are not kept anywhere: nothing to restore.
  }
}
