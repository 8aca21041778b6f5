// The venture's four metrics per channel over time with target, alert and threshold lines and
// decision markers; its campaigns on their platforms; and the decision timeline with its numbers.
import { api } from '../api.js';
import { h, number, show, table, when } from '../dom.js';
import { drawMetricChart } from '../charts.js';
import { every } from '../poll.js';

export async function overviewTab(body, id, base) {
  const chosen = Number(sessionStorage.getItem('gtm-days')) || 30;
  const days = h('select', { id: 'days' }, [7, 30, 90].map(d => h('option', { value: d, selected: d === chosen }, `${d} market days`)));
  const charts = h('div', { class: 'charts' });
  const campaigns = h('div');
  const timeline = h('div');
  show(body,
    h('div', { class: 'toolbar' }, h('label', { for: 'days' }, 'Show the last'), days),
    charts, campaigns, timeline);

  const refresh = async () => {
    const [series, history, decisions, onPlatforms] = await Promise.all([
      api(`${base}/metrics/series?days=${days.value}`).catch(error => error.status === 404 ? null : Promise.reject(error)),
      api(`${base}/history`),
      api(`${base}/decisions?take=50`),
      api(`${base}/campaigns`),
    ]);
    drawCharts(charts, series, history);
    show(campaigns, table('Campaigns on their platforms', [
      ['Campaign', c => c.campaignId], ['Channel', c => c.channel], ['Platform id', c => c.platformCampaignId],
      ['Status', c => h('span', { class: `campaign-${c.status}`, dataset: { status: c.status } }, c.status)],
      ['Daily budget', c => `${number(c.dailyBudget, 2)} ${c.currency}`],
    ], onPlatforms));
    show(timeline,
      table('Interventions: recursion, rollback, rollout, escalation, budget', [
        ['When', d => when(d.at)], ['Kind', d => d.kind], ['Trigger', d => d.trigger || '–'], ['Reason', d => d.reason], ['Outcome', d => d.outcome || '–'],
      ], [...history].reverse()),
      table('Evaluations that called for action', [
        ['Slot', e => when(e.slot)], ['Verdict', e => e.verdict.action], ['Why', e => e.verdict.reason],
        ['Numbers', e => h('ul', { class: 'numbers' }, e.decisions.filter(d => d.action !== 'none').map(d =>
          h('li', {}, `${d.metric}: ${number(d.value)} (threshold ${number(d.threshold)}, alert ${number(d.alert)}, target ${number(d.target)}) → ${d.action}`)))],
      ], decisions.filter(e => e.verdict.action !== 'none')));
    requestAnimationFrame(() => { window.gtmConsole.rendered.venture ??= performance.now(); });
  };

  days.addEventListener('change', () => { sessionStorage.setItem('gtm-days', days.value); refresh(); });
  body.addEventListener('gtm:state', refresh);
  const stop = every(15000, refresh);
  return () => { stop(); for (const chart of window.gtmConsole.charts.values()) chart.destroy(); window.gtmConsole.charts.clear(); };
}

function drawCharts(container, series, history) {
  if (!series) {
    if (!container.querySelector('.not-monitored')) show(container, h('p', { class: 'not-monitored' }, 'Not monitored yet: the charts start when the venture is live.'));
    return;
  }
  // Budget shifts happen at most evaluations: they are in the timeline, not on the charts.
  const range = { from: series.from, to: series.to };
  const markers = history.filter(i => i.kind !== 'budget').map(i => ({ at: Date.parse(i.at), kind: i.kind })).filter(m => m.at >= range.from);
  for (const metric of series.metrics) {
    let canvas = container.querySelector(`canvas[data-metric="${metric.metric}"]`);
    if (!canvas) {
      container.querySelector('.not-monitored')?.remove();
      canvas = h('canvas', { dataset: { metric: metric.metric }, role: 'img', 'aria-label': `${metric.metric} per channel with target ${metric.target}, alert ${metric.alert} and threshold ${metric.threshold}` });
      container.append(h('figure', { class: 'chart' }, canvas));
    }
    window.gtmConsole.charts.set(metric.metric, drawMetricChart(canvas, metric, markers, range));
  }
}
