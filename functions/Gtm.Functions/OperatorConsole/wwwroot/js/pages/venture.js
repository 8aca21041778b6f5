// One venture: its state followed live, and its tabs: metrics and decisions, thresholds,
// versions, A/B tests with feedback, and customer reviews.
import { api, encode } from '../api.js';
import { h, show, when } from '../dom.js';
import { every } from '../poll.js';
import { overviewTab } from './overview.js';
import { thresholdsTab } from './thresholds.js';
import { versionsTab } from './versions.js';
import { experimentsTab } from './experiments.js';
import { ventureReviewsTab } from './reviews.js';

const tabs = [
  ['overview', 'Metrics and decisions', overviewTab],
  ['thresholds', 'Thresholds', thresholdsTab],
  ['versions', 'Versions', versionsTab],
  ['experiments', 'A/B tests and feedback', experimentsTab],
  ['reviews', 'Reviews', ventureReviewsTab],
];

export async function venturePage(main, id, tab) {
  const heading = h('h1', {}, id);
  const state = h('p', { class: 'venture-state', 'aria-live': 'polite' });
  const body = h('section', { class: 'tab' });
  const base = `/api/ventures/${encode(id)}`;
  let lastState;

  const follow = async () => {
    const venture = await api(base);
    heading.textContent = venture.name || id;
    if (venture.state !== lastState) body.dispatchEvent(new CustomEvent('gtm:state', { detail: venture }));
    lastState = venture.state;
    show(state,
      h('span', { class: `state state-${venture.state.replace(/[^a-z0-9]/g, '-')}`, dataset: { state: venture.state } }, venture.state),
      venture.detail ? ` ${venture.detail}` : '',
      ` · ${id}`,
      venture.segmentType ? ` · ${venture.segmentType}` : '',
      venture.configVersion ? ` · live version v${venture.configVersion}` : '',
      ` · updated ${when(venture.updatedAt)}`);
  };

  try {
    await follow();
  } catch (error) {
    show(main, h('h1', {}, id), h('p', { class: 'error' }, error.status === 404 ? `No venture '${id}' has been through Stage 17.` : error.message));
    return () => {};
  }

  const current = tabs.find(([name]) => name === tab) || tabs[0];
  show(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/ventures' }, 'Ventures'), ' / ', id),
    heading, state,
    h('nav', { class: 'tabs', 'aria-label': 'Venture' }, tabs.map(([name, label]) =>
      h('a', { href: `#/ventures/${encode(id)}/${name}`, 'aria-current': name === current[0] ? 'page' : false }, label))),
    body);
  const stopTab = (await current[2](body, id, base)) || (() => {});
  const stopFollowing = every(2000, follow);
  return () => { stopFollowing(); stopTab(); };
}
