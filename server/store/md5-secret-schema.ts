// Schema for MSN 1.0–4.7 sign-in (MSNP2–7): one sealed secret per account that chose to allow them.
// Its own table, so accounts without the choice have no row at all.
export const MD5_SECRET_MIGRATION = `
  CREATE TABLE md5_secrets (
    user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    sealed TEXT NOT NULL,
    set_at INTEGER NOT NULL
  );
`;
