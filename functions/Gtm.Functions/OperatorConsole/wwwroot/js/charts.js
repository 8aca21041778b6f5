// A metric over time per channel, with the venture's target, alert and threshold as horizontal
// lines and each decision (recursion, rollback, rollout step, escalation) as a vertical marker.
// Chart.js and its annotation plugin come bundled with the app (npm, package-lock.json).

const Chart = window.Chart;
Chart.register(window['chartjs-plugin-annotation']);

const channelColours = { email: '#1b6ca8', linkedin: '#0a66c2', google_ads: '#188038', meta: '#8e44ad' };
const lineColours = { target: '#1e7d32', alert: '#b26a00', threshold: '#c62828' };
const markerColours = { recursion: '#6a1b9a', rollback: '#c62828', rollout_step: '#00838f', rollout_promoted: '#00695c', escalation: '#ef6c00' };

export const metricTitles = {
  campaign_effectiveness: 'Campaign effectiveness (clicks against benchmark)',
  lead_generation: 'Lead generation (leads per week)',
  conversion_rate: 'Conversion rate (conversions per click)',
  roas: 'ROAS (conversion value per unit of spend)',
};

/** Tick labels as fine as the span shown needs: seconds for minutes, hours for days, days beyond. */
function timeLabel(span) {
  const format = span < 15 * 60_000 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
    : span < 2 * 86_400_000 ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric' };
  return value => new Date(value).toLocaleString(undefined, format);
}

/** The chart's configuration: pure data, so tests can read what is drawn. `range` is the time axis, in epoch milliseconds. */
export function metricChartConfig(metric, decisions, range) {
  const points = Math.max(0, ...metric.channels.map(series => series.at.length));
  const lines = Object.fromEntries(['target', 'alert', 'threshold'].map(name => [name, {
    type: 'line', yMin: metric[name], yMax: metric[name], borderColor: lineColours[name], borderWidth: 2, borderDash: name === 'target' ? [] : [6, 4],
    label: { display: true, content: `${name} ${metric[name]}`, position: 'start', backgroundColor: lineColours[name], font: { size: 11 } },
  }]));
  decisions.forEach((decision, index) => {
    lines[`decision${index}`] = {
      type: 'line', xMin: decision.at, xMax: decision.at, borderColor: markerColours[decision.kind] || '#455a64', borderWidth: 1,
      label: { display: true, content: decision.kind, position: 'end', rotation: -90, font: { size: 10 } },
    };
  });
  return {
    type: 'line',
    data: {
      datasets: metric.channels.map(series => ({
        label: series.channel,
        data: series.at.map((x, i) => ({ x, y: series.values[i] })),
        borderColor: channelColours[series.channel] || '#37474f',
        backgroundColor: channelColours[series.channel] || '#37474f',
        // Points are drawn while there are few; a long history is a line.
        pointRadius: points < 60 ? 2.5 : 0, borderWidth: 1.5, spanGaps: false,
      })),
    },
    options: {
      animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: range.from, max: range.to, ticks: { maxTicksLimit: 8, callback: timeLabel(range.to - range.from) } },
        y: { beginAtZero: true, suggestedMax: metric.target * 1.3 },
      },
      plugins: {
        title: { display: true, text: metricTitles[metric.metric] || metric.metric },
        legend: { position: 'bottom' },
        decimation: { enabled: true, algorithm: 'lttb', samples: 400 },
        annotation: { annotations: lines },
      },
    },
  };
}

/** Draws (or redraws) a metric's chart on a canvas. */
export function drawMetricChart(canvas, metric, decisions, range) {
  const config = metricChartConfig(metric, decisions, range);
  const existing = Chart.getChart(canvas);
  if (existing) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update('none');
    return existing;
  }
  return new Chart(canvas, config);
}
