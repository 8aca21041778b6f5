// A/B tests with each variant's exposures, conversions and probability to beat control, and the
// verdict; customer feedback with NPS per campaign and variant and the latest comments.
import { api } from '../api.js';
import { h, number, percent, show, table, when } from '../dom.js';

export async function experimentsTab(body, id, base) {
  const [tests, feedback] = await Promise.all([
    api(`${base}/ab-tests`),
    api(`${base}/feedback`).catch(error => error.status === 404 ? null : Promise.reject(error)),
  ]);
  show(body,
    h('h2', {}, 'A/B tests'),
    tests.length === 0 ? h('p', {}, 'No A/B test on this venture yet.') : tests.map(abTest),
    h('h2', {}, 'Customer feedback'),
    feedback ? feedbackView(feedback) : h('p', {}, 'No feedback yet.'));
}

function abTest(test) {
  const verdict = test.verdict;
  return h('section', { class: 'card', dataset: { test: test.test_id } },
    h('h3', {}, `${test.campaign_id} · ${test.element} · ${test.status}`),
    h('p', {}, `${test.channel}, pilot share ${percent(test.pilot_share)}, started ${when(test.started_at)}, window ends ${when(test.window_ends_at)}`),
    verdict ? h('p', { class: 'verdict' }, `Verdict: ${verdict.outcome}${verdict.winner_variant_id ? ` (winner ${verdict.winner_variant_id})` : ''}. ${verdict.reason}`) : null,
    table('Variants', [
      ['Variant', v => v.variant_id], ['Exposures', v => number(v.exposures, 0)], ['Conversions', v => number(v.conversions, 0)],
      ['Rate', v => percent(v.rate)], ['Probability to beat control', v => percent(v.probability_to_beat_control)], ['Probability to be best', v => percent(v.probability_to_be_best)],
    ], verdict?.variants || []));
}

function feedbackView(feedback) {
  const nps = s => s.nps === null ? '–' : String(s.nps);
  return [
    h('p', {}, `NPS ${nps(feedback.summary)} from ${feedback.summary.responses} answers (${feedback.summary.promoters} promoters, ${feedback.summary.detractors} detractors).`),
    table('NPS per campaign', [['Campaign', c => c.campaign_id], ['Channel', c => c.channel], ['Answers', c => c.summary.responses], ['NPS', c => nps(c.summary)]], feedback.campaigns),
    table('NPS per variant', [
      ['Campaign', v => v.campaign_id], ['Variant', v => v.variant_id], ['Element', v => v.element], ['Copy', v => v.text], ['Answers', v => v.summary.responses], ['NPS', v => nps(v.summary)],
    ], feedback.variants),
    table('Latest comments', [['When', c => when(c.submitted_at)], ['Score', c => c.nps], ['Campaign', c => c.campaign_id], ['Comment', c => c.text]], feedback.comments.slice(0, 20)),
  ];
}
