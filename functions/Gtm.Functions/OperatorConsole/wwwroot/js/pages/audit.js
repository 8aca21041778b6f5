// Every LEAD operation, newest first: who, when, what and why.
import { api } from '../api.js';
import { h, show, table, when } from '../dom.js';
import { every } from '../poll.js';

export function auditPage(main) {
  const list = h('div');
  show(main, h('h1', {}, 'Audit log'), list);
  return every(5000, async () => show(list, table('Latest LEAD operations', [
    ['When', e => when(e.when)],
    ['Venture', e => e.ventureId === '~app' ? 'the app' : h('a', { href: `#/ventures/${encodeURIComponent(e.ventureId)}` }, e.ventureId)],
    ['Who', e => e.who], ['What', e => e.what], ['Why', e => e.why],
  ], await api('/api/audit?take=200'))));
}
