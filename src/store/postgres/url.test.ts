import { describe, expect, it } from 'vitest';
import { StoreOpenError } from '../../model/errors.js';
import { hostList, parsePgUrl } from './url.js';

const refused = (url: string): string => {
  try {
    parsePgUrl(url);
  } catch (err) {
    expect(err).toBeInstanceOf(StoreOpenError);
    return (err as Error).message;
  }
  throw new Error(`${url} was accepted`);
};

describe('postgres URL: one host, as before', () => {
  it('keeps host, port, database, user and the parameters pg should see', () => {
    const t = parsePgUrl('postgres://app:pw@db.internal:6543/jobs?schema=tf&poolSize=4&sslmode=disable');
    expect(t).toMatchObject({ host: 'db.internal', port: 6543, database: 'jobs', user: 'app', schema: 'tf', poolSize: 4, prepare: true, sessionAttrs: 'any' });
    expect(t.connectionString).toBe('postgres://app:pw@db.internal:6543/jobs?sslmode=disable');
    expect(t.hosts).toEqual([{ host: 'db.internal', port: 6543, connectionString: t.connectionString }]);
  });

  it('defaults the port to 5432 and accepts target_session_attrs with one host', () => {
    const t = parsePgUrl('postgresql://db/jobs?target_session_attrs=read-write');
    expect(t.hosts.map((h) => [h.host, h.port])).toEqual([['db', 5432]]);
    expect(t.sessionAttrs).toBe('read-write');
    expect(t.connectionString).toBe('postgresql://db/jobs');
  });

  it('an IPv6 address in brackets', () => {
    const t = parsePgUrl('postgres://u@[::1]:5433/jobs');
    expect(t.hosts.map((h) => [h.host, h.port])).toEqual([['::1', 5433]]);
    expect(hostList(t)).toBe('[::1]:5433');
  });
});

describe('postgres URL: several hosts (libpq form)', () => {
  it('lists every host in order, each with its own one-host URL carrying the rest', () => {
    const t = parsePgUrl('postgres://app:pw@h1:5432,h2:5433,h3/jobs?target_session_attrs=read-write&schema=tf&application_name=x');
    expect(t.sessionAttrs).toBe('read-write');
    expect(t.schema).toBe('tf');
    expect(t.database).toBe('jobs');
    expect(t.hosts.map((h) => [h.host, h.port])).toEqual([
      ['h1', 5432],
      ['h2', 5433],
      ['h3', 5432],
    ]);
    expect(t.hosts.map((h) => h.connectionString)).toEqual([
      'postgres://app:pw@h1:5432/jobs?application_name=x',
      'postgres://app:pw@h2:5433/jobs?application_name=x',
      'postgres://app:pw@h3:5432/jobs?application_name=x',
    ]);
    expect(hostList(t)).toBe('h1:5432, h2:5433, h3:5432');
  });

  it('IPv6 hosts among them', () => {
    const t = parsePgUrl('postgres://u@[fd00::2]:5432,[fd00::3]/db?target_session_attrs=primary');
    expect(t.hosts.map((h) => [h.host, h.port])).toEqual([
      ['fd00::2', 5432],
      ['fd00::3', 5432],
    ]);
    expect(t.hosts[1]!.connectionString).toBe('postgres://u@[fd00::3]:5432/db');
  });

  it('a comma in the password is not a host separator', () => {
    const t = parsePgUrl('postgres://u:a,b@h1/db');
    expect(t.hosts.map((h) => h.host)).toEqual(['h1']);
  });

  it.each([
    ['postgres://u@h1:5432,,h3/db', /host 2 of 3 is empty/],
    ['postgres://u@h1:5432,/db', /host 2 of 2 is empty/],
    ['postgres://u@h1:5432,h2:99999/db', /host 2 of 2 \("h2"\) has invalid port "99999"/],
    ['postgres://u@h1:x,h2/db', /host 1 of 2 \("h1"\) has invalid port "x"/],
    ['postgres://u@h1,h2:0/db', /host 2 of 2 \("h2"\) has invalid port "0"/],
    ['postgres://u@h1,h 2/db', /host 2 of 2 "h 2" is not a valid host name/],
    ['postgres://u@h1,h2', /no database name/],
    ['postgres://u@h1,h2/db?target_session_attrs=writable', /target_session_attrs must be one of any, read-write, primary, got "writable"/],
    ['postgres://u@h1,h2/db?target_session_attrs=standby', /target_session_attrs=standby is not supported: the store writes/],
    ['mysql://u@h1,h2/db', /unsupported scheme "mysql:"/],
  ])('%s is refused, naming what is wrong', (url, message) => {
    expect(refused(url)).toMatch(message);
  });

  it('hides the password in the message', () => {
    const msg = refused('postgres://bob:s3cret@h1,,h2/db');
    expect(msg).not.toContain('s3cret');
    expect(msg).toContain('bob:***@');
  });
});
