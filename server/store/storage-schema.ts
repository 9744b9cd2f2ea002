// Migration for the storage service (storage.msn.com, the roaming profile): the pictures and other
// documents a client uploads, the relationships that make one of them the profile's photo, and
// when the profile's name and personal message last changed there. The name and personal message
// themselves stay the account's (users.friendly_name, users.psm): one truth for NS and storage.
//   storage_documents      CreateDocument/UpdateDocument: a document with one stream (UserTileStatic…)
//   storage_relationships  CreateRelationships/DeleteRelationships: ProfilePhoto links the expression
//                          profile to its photo; "/UserTiles" style parent links are kept the same way
//   storage_profiles       per user: when the expression profile, its name and its PSM last changed
export const STORAGE_MIGRATION = `
  CREATE TABLE storage_documents (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    stream_type TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    modified_at INTEGER NOT NULL
  );
  CREATE INDEX storage_documents_by_user ON storage_documents(user_id);
  CREATE TABLE storage_relationships (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source_id TEXT NOT NULL,
    target_id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (user_id, source_id, target_id)
  );
  CREATE TABLE storage_profiles (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    modified_at INTEGER NOT NULL,
    name_modified_at INTEGER NOT NULL,
    psm_modified_at INTEGER NOT NULL
  );
`;
