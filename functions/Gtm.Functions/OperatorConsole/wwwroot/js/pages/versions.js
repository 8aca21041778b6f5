// Configuration versions: the list, a side-by-side diff of any two, and the LEAD's rollback,
// followed step by step until spend is stopped and the version restored.
import { api, ApiError, encode } from '../api.js';
import { field, h, number, say, show, table, when } from '../dom.js';
import { session } from '../session.js';
import { every } from '../poll.js';

export async function versionsTab(body, id, base) {
  const list = h('div');
  const diff = h('div', { class: 'diff', 'aria-live': 'polite' });
  const progress = h('div', { class: 'rollback-progress', 'aria-live': 'polite' });
  const from = h('select', { name: 'from' });
  const to = h('select', { name: 'to' });
  const target = h('select', { name: 'to_version' });
  let stopFollowing = () => {};

  const load = async () => {
    let versions;
    try {
      versions = await api(`${base}/versions`);
    } catch (error) {
      if (error.status !== 404) throw error;
      versions = [];
    }
    show(list, table('Configuration versions', [
      ['Version', v => `v${v.version}`], ['Created', v => when(v.createdAt)], ['By', v => v.createdBy], ['Why', v => v.reason],
      ['Last known good', v => v.lastKnownGood ? 'yes' : ''],
    ], versions, v => ({ dataset: { version: v.version } })));
    const options = versions.map(v => h('option', { value: v.version }, `v${v.version}${v.lastKnownGood ? ' (last known good)' : ''}`));
    show(from, options.map(o => o.cloneNode(true)));
    show(to, options.map(o => o.cloneNode(true)));
    if (versions.length > 1) from.value = String(versions[versions.length - 2].version);
    if (versions.length > 0) to.value = String(versions[versions.length - 1].version);
    show(target, h('option', { value: '' }, 'last known good'), options.map(o => o.cloneNode(true)));
  };

  const compare = async event => {
    event.preventDefault();
    const result = await api(`${base}/versions/${encode(from.value)}/diff/${encode(to.value)}`);
    show(diff, table(`Changes from v${result.from} to v${result.to}`, [
      ['Where', c => h('code', {}, c.pointer)], ['Change', c => c.kind],
      [`v${result.from}`, c => h('pre', { class: 'before' }, c.before ?? '')], [`v${result.to}`, c => h('pre', { class: 'after' }, c.after ?? '')],
    ], result.changes));
  };

  const who = h('input', { type: 'text', name: 'requested_by', required: true, autocomplete: 'email' });
  const why = h('input', { type: 'text', name: 'reason', required: true });
  const rollback = async event => {
    event.preventDefault();
    if (!who.value.trim() || !why.value.trim()) return say('Say who asks for the rollback and why.', 'error');
    if (!confirm(`Roll back ${id}? Spend stops on every channel at once.`)) return;
    try {
      const started = await api(`${base}/rollback`, { method: 'POST', body: { requestedBy: who.value.trim(), reason: why.value.trim(), toVersion: target.value ? Number(target.value) : null } });
      follow(started.statusQueryGetUri);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(progress, h('p', { class: 'error' }, `${error.title}: ${error.message}`));
    }
  };

  // The saga's status through Durable Functions' status endpoint, until it ends.
  const follow = uri => {
    const path = new URL(uri, location.href);
    stopFollowing();
    const stop = every(500, async () => {
      const status = await api(path.pathname + path.search);
      const output = status.output || {};
      show(progress, h('h2', {}, 'Rollback'),
        h('p', { dataset: { runtimeStatus: status.runtimeStatus } }, `Saga ${status.runtimeStatus.toLowerCase()}`, status.customStatus?.step ? `: ${status.customStatus.step.replace(/_/g, ' ')}` : ''),
        output.spendStoppedMs !== undefined ? h('p', { class: 'spend-stopped' }, `Spend stopped on every channel in ${number(output.spendStoppedMs, 0)} ms.`) : null,
        output.restoredVersion ? h('p', { class: 'restored' }, `Version v${output.restoredVersion} restored.`) : null,
        (output.problems || []).length ? h('ul', { class: 'errors' }, output.problems.map(p => h('li', {}, p))) : null);
      if (!['Running', 'Pending', 'ContinuedAsNew', 'Suspended'].includes(status.runtimeStatus)) {
        stop();
        await load();
      }
    });
    stopFollowing = stop;
  };

  show(body,
    list,
    h('form', { class: 'card inline', onsubmit: compare, 'aria-label': 'Compare versions' }, h('h2', {}, 'Compare two versions'), field('From', from), field('To', to), h('button', { type: 'submit' }, 'Show the differences')),
    diff,
    h('form', { class: 'card inline', onsubmit: rollback, 'aria-label': 'Roll back' },
      h('h2', {}, 'Roll back'),
      session.level === 'admin' ? null : h('p', { class: 'note' }, 'A rollback is a LEAD operation: sign in with the admin key.'),
      field('Restore', target), field('Requested by', who), field('Why', why),
      h('button', { type: 'submit', class: 'danger admin-only', disabled: session.level !== 'admin' }, 'Roll back now')),
    progress);
  await load();
  return () => stopFollowing();
}
