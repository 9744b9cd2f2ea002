// Indexes so no hot-path lookup scans a table (index-coverage.test.ts checks the plans).
//   group_members_by_contact: an entry's groups are looked up by (owner, contact), and deleting a
//   contact cascades to its memberships by the same key; without it both scanned every membership
//   of every user (fan-out p50 went from 78 ms to 1,220 ms once contacts were in groups).
export const PERF_INDEXES_MIGRATION = `
  CREATE INDEX group_members_by_contact ON group_members(owner_id, contact_id);
`;
