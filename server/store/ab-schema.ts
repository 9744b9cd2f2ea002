// Migration 4: what the SOAP address book needs on top of the lists, for deltas
// (FindMembership/ABFindAll with deltasOnly + lastChange) and for the fields only the address
// book has. Triggers keep it in step whoever changes the lists — an MSNP8 ADD, the panel, SOAP —
// so a delta always reports what the other generation did too.
//
//   change_times         when each change stamp was taken (µs, strictly increasing with the stamp):
//                        the timestamps we send are these times, and a lastChange a client sends
//                        back maps to the last stamp taken at or before it
//   list_marks           per (owner, contact, list bit): is it set now, and the stamp of its last
//                        flip — FindMembership deltas, Deleted=true members. No FK on contact_id: a
//                        deleted account's marks must outlive it so the deletion can be reported.
//   ab_contacts          the owner's FL contacts as address-book contacts: isMessengerUser,
//                        annotations and a stamp bumped by anything ABFindAll shows (FL added,
//                        nickname, groups, annotations)
//   ab_deleted_contacts  tombstones by contact GUID (fDeleted=true in ABFindAll deltas)
//   ab_deleted_groups    tombstones of groups
//   address_books        per owner: the Me contact's stamp (name, BLP, GTC, annotations) and
//                        annotations, and whether the client created the book with ABAdd
// Every trigger that has no fresh stamp at hand (a delete) takes one itself, so two changes
// never share a stamp. Triggers on a deleted owner's rows do nothing (the owner is gone).
const BUMP = `UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq';`;
const CURRENT = `(SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'change_seq')`;
const NOW_US = `CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER) * 1000`;
const EMAIL_OF = (id: string) => `COALESCE((SELECT email FROM users WHERE id = ${id}), '')`;
const MARK_UPSERT = `ON CONFLICT (owner_id, contact_id, bit) DO UPDATE SET present = excluded.present,
    email = CASE WHEN excluded.email = '' THEN list_marks.email ELSE excluded.email END, change_seq = excluded.change_seq`;

export const ADDRESS_BOOK_MIGRATION = `
  CREATE TABLE change_times (seq INTEGER PRIMARY KEY, at_us INTEGER NOT NULL);
  CREATE INDEX change_times_by_time ON change_times(at_us);
  INSERT INTO change_times (seq, at_us) SELECT CAST(value AS INTEGER), ${NOW_US} FROM settings WHERE key = 'change_seq';
  CREATE TRIGGER change_seq_time AFTER UPDATE OF value ON settings WHEN NEW.key = 'change_seq'
  BEGIN
    INSERT OR REPLACE INTO change_times (seq, at_us) VALUES (CAST(NEW.value AS INTEGER),
      MAX(${NOW_US}, COALESCE((SELECT at_us FROM change_times ORDER BY seq DESC LIMIT 1), 0) + 1));
  END;

  CREATE TABLE list_bits (bit INTEGER PRIMARY KEY);
  INSERT INTO list_bits (bit) VALUES (1), (2), (4), (8), (16);

  CREATE TABLE list_marks (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    bit INTEGER NOT NULL,
    present INTEGER NOT NULL,
    email TEXT NOT NULL,
    change_seq INTEGER NOT NULL,
    PRIMARY KEY (owner_id, contact_id, bit)
  );
  CREATE INDEX list_marks_by_seq ON list_marks(owner_id, change_seq);

  CREATE TABLE ab_contacts (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    is_messenger_user INTEGER NOT NULL DEFAULT 1,
    annotations TEXT NOT NULL DEFAULT '{}',
    change_seq INTEGER NOT NULL,
    PRIMARY KEY (owner_id, contact_id)
  );
  INSERT INTO ab_contacts (owner_id, contact_id, email, change_seq)
    SELECT c.owner_id, c.contact_id, u.email, c.change_seq FROM contacts c JOIN users u ON u.id = c.contact_id WHERE c.lists & 1;

  CREATE TABLE ab_deleted_contacts (
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    email TEXT NOT NULL,
    change_seq INTEGER NOT NULL,
    PRIMARY KEY (owner_id, guid)
  );
  CREATE TABLE ab_deleted_groups (
    id TEXT PRIMARY KEY,
    owner_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    change_seq INTEGER NOT NULL
  );
  CREATE INDEX ab_deleted_groups_by_owner ON ab_deleted_groups(owner_id, change_seq);
  CREATE TABLE address_books (
    owner_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    me_seq INTEGER NOT NULL DEFAULT 0,
    me_annotations TEXT NOT NULL DEFAULT '{}',
    added INTEGER NOT NULL DEFAULT 0
  );

  CREATE TRIGGER contacts_ab_insert AFTER INSERT ON contacts
  BEGIN
    INSERT INTO list_marks (owner_id, contact_id, bit, present, email, change_seq)
      SELECT NEW.owner_id, NEW.contact_id, b.bit, 1, ${EMAIL_OF('NEW.contact_id')}, NEW.change_seq
      FROM list_bits b WHERE NEW.lists & b.bit
      ${MARK_UPSERT};
    INSERT OR REPLACE INTO ab_contacts (owner_id, contact_id, email, change_seq)
      SELECT NEW.owner_id, NEW.contact_id, ${EMAIL_OF('NEW.contact_id')}, NEW.change_seq WHERE NEW.lists & 1;
  END;

  CREATE TRIGGER contacts_ab_update AFTER UPDATE OF lists ON contacts WHEN OLD.lists != NEW.lists
  BEGIN
    INSERT INTO list_marks (owner_id, contact_id, bit, present, email, change_seq)
      SELECT NEW.owner_id, NEW.contact_id, b.bit, (NEW.lists & b.bit) != 0, ${EMAIL_OF('NEW.contact_id')}, NEW.change_seq
      FROM list_bits b WHERE (OLD.lists & b.bit) != (NEW.lists & b.bit)
      ${MARK_UPSERT};
    INSERT OR REPLACE INTO ab_contacts (owner_id, contact_id, email, change_seq)
      SELECT NEW.owner_id, NEW.contact_id, ${EMAIL_OF('NEW.contact_id')}, NEW.change_seq WHERE NEW.lists & 1 AND NOT OLD.lists & 1;
    INSERT OR REPLACE INTO ab_deleted_contacts (owner_id, guid, email, change_seq)
      SELECT NEW.owner_id, NEW.guid, ${EMAIL_OF('NEW.contact_id')}, NEW.change_seq WHERE OLD.lists & 1 AND NOT NEW.lists & 1;
    DELETE FROM ab_contacts WHERE owner_id = NEW.owner_id AND contact_id = NEW.contact_id AND OLD.lists & 1 AND NOT NEW.lists & 1;
  END;

  CREATE TRIGGER contacts_ab_delete AFTER DELETE ON contacts WHEN EXISTS (SELECT 1 FROM users WHERE id = OLD.owner_id)
  BEGIN
    ${BUMP}
    INSERT INTO list_marks (owner_id, contact_id, bit, present, email, change_seq)
      SELECT OLD.owner_id, OLD.contact_id, b.bit, 0, ${EMAIL_OF('OLD.contact_id')}, ${CURRENT}
      FROM list_bits b WHERE OLD.lists & b.bit
      ${MARK_UPSERT};
    INSERT OR REPLACE INTO ab_deleted_contacts (owner_id, guid, email, change_seq)
      SELECT OLD.owner_id, OLD.guid,
        COALESCE((SELECT email FROM ab_contacts WHERE owner_id = OLD.owner_id AND contact_id = OLD.contact_id), ${EMAIL_OF('OLD.contact_id')}),
        ${CURRENT}
      WHERE OLD.lists & 1;
    DELETE FROM ab_contacts WHERE owner_id = OLD.owner_id AND contact_id = OLD.contact_id;
  END;

  CREATE TRIGGER contacts_ab_nickname AFTER UPDATE OF nickname ON contacts WHEN OLD.nickname IS NOT NEW.nickname
  BEGIN
    UPDATE ab_contacts SET change_seq = NEW.change_seq WHERE owner_id = NEW.owner_id AND contact_id = NEW.contact_id;
  END;

  CREATE TRIGGER group_members_ab_insert AFTER INSERT ON group_members
  BEGIN
    ${BUMP}
    UPDATE ab_contacts SET change_seq = ${CURRENT} WHERE owner_id = NEW.owner_id AND contact_id = NEW.contact_id;
  END;

  CREATE TRIGGER group_members_ab_delete AFTER DELETE ON group_members
    WHEN EXISTS (SELECT 1 FROM ab_contacts WHERE owner_id = OLD.owner_id AND contact_id = OLD.contact_id)
  BEGIN
    ${BUMP}
    UPDATE ab_contacts SET change_seq = ${CURRENT} WHERE owner_id = OLD.owner_id AND contact_id = OLD.contact_id;
  END;

  CREATE TRIGGER groups_ab_delete AFTER DELETE ON groups WHEN EXISTS (SELECT 1 FROM users WHERE id = OLD.owner_id)
  BEGIN
    ${BUMP}
    INSERT OR REPLACE INTO ab_deleted_groups (id, owner_id, name, change_seq) VALUES (OLD.id, OLD.owner_id, OLD.name, ${CURRENT});
  END;

  CREATE TRIGGER users_ab_me AFTER UPDATE OF friendly_name, blp, gtc ON users
    WHEN OLD.friendly_name IS NOT NEW.friendly_name OR OLD.blp IS NOT NEW.blp OR OLD.gtc IS NOT NEW.gtc
  BEGIN
    ${BUMP}
    INSERT INTO address_books (owner_id, me_seq) VALUES (NEW.id, ${CURRENT})
      ON CONFLICT (owner_id) DO UPDATE SET me_seq = excluded.me_seq;
  END;
`;
