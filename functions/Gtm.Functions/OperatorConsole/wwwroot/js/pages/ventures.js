// Every venture with its state, substage, version, last decision and alerts: searched and
// filtered by the API and read a page at a time, so ten thousand ventures list as fast as ten.
import { api } from '../api.js';
import { field, h, show, table, when } from '../dom.js';
import { every } from '../poll.js';

const states = ['17.1', '17.2', 'customer_review', '17.3', 'launching', 'live', 'escalated', 'review_escalated', 'review_refused', 'rolling_back', 'rolled_back', 'rollback_failed', 'handed_off'];
const segmentTypes = ['b2b_enterprise', 'b2b_smb', 'b2c_mass', 'b2c_premium'];

export function venturesPage(main) {
  const filters = new URLSearchParams(sessionStorage.getItem('gtm-venture-filters') || '');
  const search = h('input', { type: 'search', value: filters.get('q') || '', placeholder: 'id or name' });
  const state = select(['', ...states], filters.get('state'), 'any state');
  const segment = select(['', ...segmentTypes], filters.get('segment_type'), 'any segment type');
  const results = h('div', { class: 'results', 'aria-live': 'polite' });
  const pages = [null];
  let page = 0;

  const query = () => {
    const params = new URLSearchParams({ page_size: '50' });
    if (search.value.trim()) params.set('q', search.value.trim());
    if (state.value) params.set('state', state.value);
    if (segment.value) params.set('segment_type', segment.value);
    sessionStorage.setItem('gtm-venture-filters', params.toString());
    if (pages[page]) params.set('after', pages[page]);
    return params;
  };

  const load = async () => {
    const data = await api(`/api/ventures?${query()}`);
    pages[page + 1] = data.next;
    show(results,
      table('Ventures', [
        ['Venture', v => h('a', { href: `#/ventures/${encodeURIComponent(v.ventureId)}` }, v.name || v.ventureId)],
        ['Id', v => v.ventureId],
        ['Segment type', v => v.segmentType || '–'],
        ['State', v => h('span', { class: `state state-${v.state.replace(/[^a-z0-9]/g, '-')}` }, v.state)],
        ['Version', v => v.configVersion ? `v${v.configVersion}` : '–'],
        ['Last decision', v => v.lastDecision || '–'],
        ['Alerts', v => v.alerts ? h('span', { class: 'alerts' }, String(v.alerts)) : '0'],
        ['Updated', v => when(v.updatedAt)],
      ], data.ventures, v => ({ dataset: { venture: v.ventureId } })),
      h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', disabled: page === 0, onclick: () => { page--; load(); } }, 'Previous page'),
        h('span', {}, `Page ${page + 1}`),
        h('button', { type: 'button', disabled: !data.next, onclick: () => { page++; load(); } }, 'Next page')));
    requestAnimationFrame(() => { window.gtmConsole.rendered.ventures ??= performance.now(); });
  };

  const restart = () => { page = 0; pages.length = 1; load(); };
  let typing;
  search.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(restart, 250); });
  state.addEventListener('change', restart);
  segment.addEventListener('change', restart);

  show(main,
    h('h1', {}, 'Ventures'),
    h('form', { class: 'filters', role: 'search', onsubmit: event => { event.preventDefault(); restart(); } },
      field('Search', search), field('State', state), field('Segment type', segment)),
    results);
  return every(5000, load);
}

function select(values, selected, emptyLabel) {
  return h('select', {}, values.map(value => h('option', { value, selected: value === (selected || '') }, value || emptyLabel)));
}
