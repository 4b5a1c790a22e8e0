/**
 * User= and Group= to numeric ids, from /etc/passwd and /etc/group (Node has no getpwnam).
 * Numeric values are taken as they are.
 */
import fs from 'node:fs';
import { ValidationError } from '../../../model/errors.js';

function lookup(file: string, name: string): { id: number; gid: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 3) return { id: Number(f[2]), gid: Number(f[3] ?? f[2]) };
  }
  return null;
}

export function resolveUser(user: string | null, group: string | null, unitFile: string): { uid: number; gid: number } | null {
  if (user === null && group === null) return null;
  let uid = process.getuid?.() ?? 0;
  let gid = process.getgid?.() ?? 0;
  if (user !== null) {
    if (/^\d+$/.test(user)) uid = Number(user);
    else {
      const u = lookup('/etc/passwd', user);
      if (!u) throw new ValidationError(`${unitFile}: Service.User`, `no such user "${user}"`);
      uid = u.id;
      gid = u.gid;
    }
  }
  if (group !== null) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      const g = lookup('/etc/group', group);
      if (!g) throw new ValidationError(`${unitFile}: Service.Group`, `no such group "${group}"`);
      gid = g.id;
    }
  }
  return { uid, gid };
}
