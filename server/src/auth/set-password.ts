// Sets a staff member's password (a lost demo password, a new officer):
//   npx tsx server/src/auth/set-password.ts <username>
// The password comes from NEW_PASSWORD, else a random one is printed. Every session of the user ends.
// Stop the server first or not: SQLite serialises the write.
import { randomBytes } from 'node:crypto';
import { configFromEnv } from '../config.ts';
import { openStore } from '../store/open.ts';
import { hashPassword } from './password.ts';

const username = process.argv[2];
if (!username) {
  console.error('usage: npx tsx server/src/auth/set-password.ts <username>   (NEW_PASSWORD=… to choose it)');
  process.exit(2);
}
const password = process.env.NEW_PASSWORD || randomBytes(9).toString('base64url');
if (password.length < 8) {
  console.error('NEW_PASSWORD must have at least 8 characters');
  process.exit(2);
}
const store = await openStore(configFromEnv().databaseUrl);
const hash = await hashPassword(password);
const changed = await store.transaction((tx) => tx.accounts.setPassword(username, hash));
await store.close();
if (!changed) {
  console.error(`no user ${username}`);
  process.exit(1);
}
console.log(process.env.NEW_PASSWORD ? `password of ${username} changed` : `new password of ${username}: ${password}`);
