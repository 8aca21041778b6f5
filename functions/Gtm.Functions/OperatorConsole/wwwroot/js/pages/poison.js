// Poison messages of the app's queues, each with its error, and the LEAD's replay.
import { api, ApiError, encode } from '../api.js';
import { field, h, say, show, table, when } from '../dom.js';
import { session } from '../session.js';
import { every } from '../poll.js';

export function poisonPage(main) {
  const list = h('div');
  show(main, h('h1', {}, 'Poison messages'),
    session.level === 'admin' ? null : h('p', { class: 'note' }, 'Replaying is a LEAD operation: sign in with the admin key.'),
    list);
  let shown = '';
  return every(5000, async () => {
    const queues = await api('/api/poison');
    const signature = JSON.stringify(queues);
    if (signature === shown) return;
    shown = signature;
    show(list, queues.map(queue));
  });
}

function queue({ queue: name, messages }) {
  const who = h('input', { type: 'text', name: 'requested_by', required: true, autocomplete: 'email' });
  const why = h('input', { type: 'text', name: 'reason', required: true });
  const result = h('p', { 'aria-live': 'polite' });
  const replay = async event => {
    event.preventDefault();
    if (!who.value.trim() || !why.value.trim()) return show(result, 'Say who replays and why.');
    try {
      const done = await api(`/api/poison/${encode(name)}/replay`, { method: 'POST', body: { requested_by: who.value.trim(), reason: why.value.trim() } });
      show(result, `${done.replayed} message(s) put back on ${name}.`);
      say(`Replayed ${done.replayed} message(s) onto ${name}.`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      show(result, `${error.title}: ${error.message}`);
    }
  };
  return h('section', { class: 'card', dataset: { queue: name } },
    h('h2', {}, `${name}-poison`),
    table(`${messages.length} message(s)`, [
      ['Message', m => m.messageId], ['Failed', m => when(m.failedAt)], ['Attempts', m => m.dequeueCount ?? '–'],
      ['Error', m => m.error || 'failed on every attempt (moved by the host)'], ['Body', m => h('pre', { class: 'body' }, m.body.length > 400 ? `${m.body.slice(0, 400)}…` : m.body)],
    ], messages),
    messages.length ? h('form', { class: 'inline', 'aria-label': `Replay ${name}`, onsubmit: replay },
      field('Requested by', who), field('Why', why),
      h('button', { type: 'submit', class: 'admin-only', disabled: session.level !== 'admin' }, `Replay onto ${name}`)) : null,
    result);
}
