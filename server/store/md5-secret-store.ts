// The sealed MD5 sign-in secrets (see core/md5-signin.ts); this file only knows the SQL.
import type { Db } from './db';

export class Md5SecretStore {
  private readonly getStmt;
  private readonly putStmt;
  private readonly delStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT sealed FROM md5_secrets WHERE user_id = ?');
    this.putStmt = db.prepare(
      'INSERT INTO md5_secrets (user_id, sealed, set_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT(user_id) DO UPDATE SET sealed = excluded.sealed, set_at = excluded.set_at',
    );
    this.delStmt = db.prepare('DELETE FROM md5_secrets WHERE user_id = ?');
  }

  get(userId: number): string | undefined {
    return (this.getStmt.get(userId) as { sealed: string } | undefined)?.sealed;
  }

  put(userId: number, sealed: string): void {
    this.putStmt.run(userId, sealed, Date.now());
  }

  delete(userId: number): void {
    this.delStmt.run(userId);
  }
}
