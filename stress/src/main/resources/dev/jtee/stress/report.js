(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('data').textContent);
  var steps = data.steps || [];
  var knee = data.knee || null;
  var kneeIndex = knee && knee.kneeStep != null ? knee.kneeStep : null;

  function ms(ns) { return ns / 1e6; }
  function fmtLatency(ns) {
    if (ns == null) return '—';
    if (ns < 1e3) return ns.toFixed(0) + ' ns';
    if (ns < 1e6) return sig(ns / 1e3) + ' µs';
    if (ns < 1e9) return sig(ns / 1e6) + ' ms';
    return sig(ns / 1e9) + ' s';
  }
  function sig(v) { return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2); }
  function fmtRate(r) {
    if (r == null || !isFinite(r)) return '—';
    if (r >= 1e6) return sig(r / 1e6) + ' M/s';
    if (r >= 1e4) return sig(r / 1e3) + ' k/s';
    return (Math.round(r * 10) / 10) + '/s';
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  var palette = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700', '#0a3069', '#bc4c00', '#57606a', '#e85aad', '#116329'];
  function colour(i) { return palette[i % palette.length]; }

  // marks each canvas once Chart.js has drawn it (checked by the report test)
  Chart.register({ id: 'jteeDrawn', afterRender: function (chart) { chart.canvas.dataset.drawn = 'true'; } });
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.size = 11;

  var limited = knee && knee.generatorLimited ? knee.generatorLimited : [];
  var conf = knee && knee.confidence ? knee.confidence : null;
  var kneeStep = steps.find(function (s) { return s.index === kneeIndex; });
  function headroomText(h) { return h == null ? 'unknown' : h >= 1000 ? '≥ 1000×' : h.toFixed(1) + '×'; }
  function badge(text, cls, title) { var b = el('span', text, 'badge ' + cls); if (title) b.title = title; return b; }

  document.getElementById('subtitle').textContent = 'target: ' + data.target + ' · ' + steps.length + ' steps · started ' + (data.metadata.started || '');
  // the summary card: what a reader needs in ten seconds
  var summary = document.getElementById('summary');
  function fig(label, value, node) {
    var f = el('div', null, 'fig');
    f.appendChild(el('span', label));
    var b = el('b', node ? null : value);
    if (node) b.appendChild(node);
    f.appendChild(b);
    summary.appendChild(f);
  }
  var bestAchieved = steps.filter(function (s) { return s.phase !== 'generator'; }).reduce(function (m, s) { return Math.max(m, s.achieved); }, 0);
  if (knee) {
    var level = conf ? conf.level : 'cannot tell';
    var cls = level === 'high' ? 'high' : level === 'low' ? 'low' : 'cannot';
    fig('knee', level === 'cannot tell' || knee.knee == null ? 'cannot tell' : fmtRate(knee.knee));
    fig('confidence', null, badge(level, cls, conf ? conf.reasons.join('\n') : ''));
    fig('max throughput (closed steps)', fmtRate(knee.closedPeak));
    fig('p99 at the knee', kneeStep ? fmtLatency(kneeStep.corrected.p99) : '—');
    fig('generator headroom', headroomText(conf ? conf.generatorHeadroom : null));
    if (conf && conf.reasons.length) summary.appendChild(el('div', conf.reasons.join(' · '), 'why'));
  } else {
    var last = steps[steps.length - 1];
    fig('steps', String(steps.length));
    fig('max throughput', fmtRate(bestAchieved));
    fig('p99 (last step)', last ? fmtLatency(last.corrected.p99) : '—');
    fig('saturated steps', String(steps.filter(function (s) { return s.saturated; }).length));
  }
  var verdict = knee ? knee.verdict : (steps.length ? steps.map(function (s) { return 'step ' + s.index + ': ' + s.model + ' → ' + fmtRate(s.achieved) + ', p99 ' + fmtLatency(s.corrected.p99); }).join(' · ') : 'no steps');
  document.getElementById('verdict').textContent = verdict;
  if (knee && knee.usl && knee.uslTrusted) {
    var u = knee.usl;
    document.getElementById('usl').textContent = 'USL fit of the closed steps: λ = ' + fmtRate(u.lambda) + ' per caller, σ = ' + u.sigma.toFixed(4)
      + ', κ = ' + u.kappa.toExponential(3) + ', R² = ' + u.rSquared.toFixed(3) + ' — max concurrency '
      + (u.maxConcurrency == null ? 'unbounded' : u.maxConcurrency.toFixed(1)) + ', max throughput ' + fmtRate(u.maxThroughput);
  } else if (knee) {
    document.getElementById('usl').textContent = 'no USL prediction: ' + (knee.uslNote || '');
  }

  // log axes in ms: label the powers of ten only, as latencies
  function logMsTicks(v) {
    var e = Math.log10(v);
    return Math.abs(e - Math.round(e)) < 1e-9 ? fmtLatency(v * 1e6) : '';
  }
  function rateTicks(v) { return fmtRate(v).replace('/s', ''); }
  var charts = 0;
  function make(id, config) { new Chart(document.getElementById(id), config); charts++; }

  // 1. percentile spectrum: x = 1/(1-p), log scale; a few telling steps (≤ 6 series), any other by the selector
  var styles = [{ c: '#0969da', d: [] }, { c: '#cf222e', d: [6, 3] }, { c: '#1a7f37', d: [2, 2] }, { c: '#8250df', d: [8, 3, 2, 3] },
                { c: '#000000', d: [4, 3] }, { c: '#bc4c00', d: [] }];
  function spectrumSet(s, label, style, width, uncorrected) {
    var pts = uncorrected ? s.spectrumUncorrected : s.spectrum;
    return { label: label, data: pts.map(function (p) { return { x: 1 / (1 - p[0] / 100), y: Math.max(1e-4, ms(p[1])) }; }),
             borderColor: style.c, backgroundColor: style.c, borderDash: style.d, showLine: true, pointRadius: 0, borderWidth: width };
  }
  function stepLabel(s) { return 'step ' + s.index + ' (' + (s.callers != null ? s.load : fmtRate(s.offered)) + ')'; }
  var chosen = [];
  function choose(s, why) { if (s && s.spectrum.length && !chosen.some(function (c) { return c.s === s; })) chosen.push({ s: s, why: why }); }
  var closedSteps = steps.filter(function (s) { return s.phase === 'closed'; });
  var openSteps = steps.filter(function (s) { return s.phase === 'open'; });
  choose(kneeStep, 'knee');
  choose(openSteps.find(function (s) { return knee && s.offered === knee.saturatedAt && s.saturated; }), 'saturated');
  choose(closedSteps.reduce(function (b, s) { return !b || s.achieved > b.achieved ? s : b; }, null), 'best closed');
  choose(openSteps.reduce(function (b, s) { return !b || s.offered < b.offered ? s : b; }, null), 'lowest open');
  if (!knee) steps.slice(-4).forEach(function (s) { choose(s, ''); });
  chosen = chosen.slice(0, 4);
  var spectrumSets = chosen.map(function (c, i) {
    return spectrumSet(c.s, stepLabel(c.s) + (c.why ? ' ' + c.why : ''), styles[i], c.s === kneeStep ? 3 : 1.5, false);
  });
  if (kneeStep && kneeStep.spectrumUncorrected.length) {
    spectrumSets.push(spectrumSet(kneeStep, 'step ' + kneeStep.index + ' uncorrected', styles[4], 1.5, true));
  }
  var selector = document.getElementById('spectrum-step');
  selector.appendChild(el('option', '—')).value = '';
  steps.forEach(function (s) { if (s.spectrum.length) selector.appendChild(el('option', stepLabel(s) + ' ' + s.phase)).value = String(s.index); });
  selector.addEventListener('change', function () {
    var chart = Chart.getChart('chart-spectrum');
    chart.data.datasets = chart.data.datasets.filter(function (d) { return !d.selected; });
    var s = steps.find(function (x) { return String(x.index) === selector.value; });
    if (s) chart.data.datasets.push(Object.assign(spectrumSet(s, stepLabel(s) + ' selected', styles[5], 2, false), { selected: true }));
    chart.update();
  });
  var pctLabels = { 1: '0%', 2: '50%', 10: '90%', 100: '99%', 1000: '99.9%', 10000: '99.99%', 100000: '99.999%', 1000000: '99.9999%' };
  make('chart-spectrum', {
    type: 'scatter', data: { datasets: spectrumSets },
    options: {
      plugins: { title: { display: true, text: 'Latency by percentile (corrected)' }, legend: { labels: { boxWidth: 24 } } },
      scales: {
        x: { type: 'logarithmic', min: 1, title: { display: true, text: 'percentile' },
             ticks: { callback: function (v) { return pctLabels[v] || ''; }, autoSkip: false } },
        y: { type: 'logarithmic', title: { display: true, text: 'latency' }, ticks: { callback: logMsTicks } }
      }
    }
  });

  // 2. throughput vs latency: closed steps as a line by callers, open steps as points (their order is the search's, not a curve)
  var openPts = [], closedPts = [], limitedPts = [], kneePts = [];
  steps.forEach(function (s) {
    if (s.phase === 'generator') return;
    var p99 = { x: s.achieved, y: Math.max(1e-4, ms(s.corrected.p99)), step: s };
    if (s.callers != null) closedPts.push(p99);
    else if (limited.indexOf(s.index) >= 0) limitedPts.push(p99);
    else openPts.push(p99);
    if (s.index === kneeIndex) kneePts.push(p99);
  });
  closedPts.sort(function (a, b) { return a.step.callers - b.step.callers; });
  var tlSets = [
    { label: 'closed steps (by callers)', data: closedPts, borderColor: '#1a7f37', backgroundColor: '#1a7f37', showLine: true, borderWidth: 1.5, pointRadius: 3 },
    { label: 'open steps', data: openPts, borderColor: '#0969da', backgroundColor: '#0969da', pointRadius: 4 },
    { label: 'knee', data: kneePts, borderColor: '#cf222e', backgroundColor: '#cf222e', pointStyle: 'star', pointRadius: 12, pointBorderWidth: 3 }
  ];
  if (limitedPts.length) tlSets.push({ label: 'generator-limited', data: limitedPts, borderColor: '#57606a', backgroundColor: 'rgba(0,0,0,0)', pointStyle: 'rectRot', pointRadius: 6 });
  make('chart-throughput-latency', {
    type: 'scatter',
    data: { datasets: tlSets },
    options: {
      plugins: {
        title: { display: true, text: 'Throughput vs latency (corrected p99)' },
        tooltip: { callbacks: { label: function (c) { var s = c.raw.step; return s ? 'step ' + s.index + ' ' + (s.callers != null ? s.load : 'offered ' + fmtRate(s.offered)) + ': ' + fmtRate(s.achieved) + ', p99 ' + fmtLatency(s.corrected.p99) : ''; } } }
      },
      scales: {
        x: { type: 'linear', beginAtZero: true, title: { display: true, text: 'achieved (calls/s)' }, ticks: { callback: rateTicks } },
        y: { type: 'logarithmic', title: { display: true, text: 'p99 latency' }, ticks: { callback: logMsTicks } }
      }
    }
  });

  // time series over all steps
  var series = { p50: [], p99: [], max: [], thr: [], inCall: [], inFlight: [], limit: [], queued: [] };
  var bounds = [];
  var prevEnd = null;
  steps.forEach(function (s) {
    if (s.intervals.length) {
      var first = s.intervals[0].t;
      bounds.push(prevEnd == null ? first : (prevEnd + first) / 2);
      prevEnd = s.intervals[s.intervals.length - 1].t;
    }
    if (s.phase === 'generator') return; // the no-op target's millions of calls/s would flatten the target's own
    s.intervals.forEach(function (iv) {
      series.p50.push({ x: iv.t, y: iv.p50 > 0 ? ms(iv.p50) : null });
      series.p99.push({ x: iv.t, y: iv.p99 > 0 ? ms(iv.p99) : null });
      series.max.push({ x: iv.t, y: iv.max > 0 ? ms(iv.max) : null });
      series.thr.push({ x: iv.t, y: iv.throughput });
      series.inCall.push({ x: iv.t, y: iv.inCall });
      series.inFlight.push({ x: iv.t, y: iv.inFlight });
      series.limit.push({ x: iv.t, y: iv.limit });
      series.queued.push({ x: iv.t, y: iv.queued });
    });
  });
  var tMin = series.thr.length ? series.thr[0].x : 0;
  var tMax = series.thr.length ? series.thr[series.thr.length - 1].x : 1;
  var kneeSpan = null;
  if (kneeStep && kneeStep.intervals.length) {
    var ki = steps.indexOf(kneeStep);
    var prev = steps.slice(0, ki).reverse().find(function (s) { return s.intervals.length; });
    kneeSpan = [prev ? (prev.intervals[prev.intervals.length - 1].t + kneeStep.intervals[0].t) / 2 : kneeStep.intervals[0].t,
                kneeStep.intervals[kneeStep.intervals.length - 1].t];
  }
  // thin grey lines between steps, and the knee step as a shaded band (not a line, so it is never taken for the limit)
  var KNEE_FILL = 'rgba(9,105,218,0.12)';
  Chart.register({ id: 'jteeSteps', beforeDatasetsDraw: function (chart, args, opts) {
    if (!opts || !opts.on) return;
    var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
    ctx.save();
    if (kneeSpan) {
      ctx.fillStyle = KNEE_FILL;
      ctx.fillRect(x.getPixelForValue(kneeSpan[0]), area.top, x.getPixelForValue(kneeSpan[1]) - x.getPixelForValue(kneeSpan[0]), area.bottom - area.top);
    }
    ctx.strokeStyle = '#d0d7de';
    ctx.lineWidth = 1;
    bounds.forEach(function (b) {
      var px = Math.round(x.getPixelForValue(b)) + 0.5;
      ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom); ctx.stroke();
    });
    ctx.restore();
  } });
  function kneeLegend() {
    return kneeSpan ? [{ label: 'knee step ' + kneeIndex + ' (shaded)', data: [], backgroundColor: KNEE_FILL, borderColor: KNEE_FILL }] : [];
  }
  function timeAxis() { return { type: 'linear', min: tMin, max: tMax, title: { display: true, text: 'time since the run started (s); grey lines: step boundaries' } }; }
  var lineOpts = { showLine: true, pointRadius: 0, borderWidth: 1.5, spanGaps: true };
  make('chart-over-time', {
    type: 'scatter',
    data: { datasets: [
      Object.assign({ label: 'p50', data: series.p50, borderColor: '#0969da', yAxisID: 'y' }, lineOpts),
      Object.assign({ label: 'p99', data: series.p99, borderColor: '#cf222e', yAxisID: 'y' }, lineOpts),
      Object.assign({ label: 'max', data: series.max, borderColor: '#8c959f', yAxisID: 'y', borderDash: [1, 2] }, lineOpts),
      Object.assign({ label: 'throughput', data: series.thr, borderColor: '#1a7f37', yAxisID: 'y2', borderDash: [6, 3] }, lineOpts)
    ].concat(kneeLegend()) },
    options: {
      plugins: { title: { display: true, text: 'Percentiles (corrected) and throughput over time' }, jteeSteps: { on: true } },
      scales: {
        x: timeAxis(),
        y: { type: 'logarithmic', title: { display: true, text: 'latency' }, ticks: { callback: logMsTicks } },
        y2: { type: 'linear', position: 'right', title: { display: true, text: 'calls/s' }, grid: { drawOnChartArea: false }, beginAtZero: true,
              ticks: { callback: rateTicks } }
      }
    }
  });

  var hasFlow = series.limit.some(function (p) { return p.y != null; });
  var flowSets = [Object.assign({ label: 'generator: calls in progress', data: series.inCall, borderColor: '#8250df' }, lineOpts)];
  if (hasFlow) {
    flowSets.push(Object.assign({ label: 'in flight (secure world)', data: series.inFlight, borderColor: '#0969da' }, lineOpts));
    flowSets.push(Object.assign({}, lineOpts, { label: 'limit', data: series.limit, borderColor: '#24292f', borderWidth: 2.5, stepped: true }));
    flowSets.push(Object.assign({ label: 'queue depth', data: series.queued, borderColor: '#bf8700', borderDash: [4, 2] }, lineOpts));
  }
  make('chart-flow', {
    type: 'scatter', data: { datasets: flowSets.concat(kneeLegend()) },
    options: {
      plugins: { title: { display: true, text: hasFlow ? 'In flight, limit and queue depth over time' : 'Calls in progress over time (no flow control stats)' },
                 jteeSteps: { on: true } },
      scales: { x: timeAxis(), y: { beginAtZero: true, title: { display: true, text: 'calls' } } }
    }
  });

  if (knee && knee.usl) {
    make('chart-usl', {
      type: 'scatter',
      data: { datasets: [
        { label: 'closed steps', data: knee.usl.points.map(function (p) { return { x: p[0], y: p[1] }; }), borderColor: colour(2), backgroundColor: colour(2), pointRadius: 5 },
        Object.assign({ label: knee.uslTrusted ? 'USL fit' : 'USL fit (poor, R² ' + knee.usl.rSquared.toFixed(2) + ')', data: knee.usl.curve.map(function (p) { return { x: p[0], y: p[1] }; }),
                        borderColor: colour(1), borderDash: knee.uslTrusted ? [] : [4, 4] }, lineOpts)
      ] },
      options: {
        plugins: { title: { display: true, text: 'Universal Scalability Law: throughput vs concurrency' } },
        scales: { x: { type: 'linear', title: { display: true, text: 'callers' } }, y: { beginAtZero: true, title: { display: true, text: 'calls/s' }, ticks: { callback: rateTicks } } }
      }
    });
  } else {
    document.getElementById('usl-box').remove();
  }

  // step table: one line per step, the verdict a badge with its reasons on hover
  var table = document.getElementById('steps');
  var head = el('tr');
  ['step', 'phase', 'load', 'offered', 'achieved', 'missed', 'p50', 'p90', 'p99', 'p99.9', 'max', 'uncorr. p99', 'late p99', 'Little L', 'verdict', 'results']
    .forEach(function (h, i) { head.appendChild(el('th', h, i >= 14 ? 'l' : null)); });
  table.appendChild(head);
  var notes = document.getElementById('notes');
  steps.forEach(function (s) {
    var tr = el('tr');
    if (s.index === kneeIndex) tr.className = 'knee'; else if (s.saturated) tr.className = 'sat';
    var results = s.outcomes.map(function (o) { return o.result.replace('TEE_ERROR_', '').replace('TEE_', '') + (o.origin && o.result !== 'TEE_SUCCESS' ? '/' + o.origin : '') + ' ' + o.count; }).join(', ');
    var l = s.littlesLaw;
    [s.index, s.phase, s.load, s.offered > 0 ? fmtRate(s.offered) : '—', fmtRate(s.achieved), s.missed,
     fmtLatency(s.corrected.p50), fmtLatency(s.corrected.p90), fmtLatency(s.corrected.p99), fmtLatency(s.corrected.p999), fmtLatency(s.corrected.max),
     fmtLatency(s.uncorrected.p99), fmtLatency(s.lateness.p99),
     l.sampledInProgress.toFixed(2) + ' / ' + l.throughputTimesLatency.toFixed(2) + (l.consistent ? ' ✓' : ' ✗')]
      .forEach(function (v) { tr.appendChild(el('td', String(v))); });
    var td = el('td', null, 'verdict');
    var why = s.saturationReasons.concat(s.generatorNote ? [s.generatorNote] : []).join('\n');
    if (s.phase === 'generator') td.appendChild(badge('generator', 'limited', 'the generator alone, on a no-op target: its own ceiling'));
    else if (limited.indexOf(s.index) >= 0) td.appendChild(badge('generator-limited', 'generator', why));
    else if (s.index === kneeIndex) td.appendChild(badge('knee', 'knee', why || 'the highest rate sustained'));
    else if (s.saturated) td.appendChild(badge('saturated', 'saturated', why));
    else td.appendChild(badge('sustained', 'sustained', why));
    tr.appendChild(td);
    tr.appendChild(el('td', results || 'none', 'l'));
    table.appendChild(tr);
    if (s.generatorNote) notes.appendChild(el('p', 'step ' + s.index + ': ' + s.generatorNote));
  });

  var meta = document.getElementById('meta');
  Object.keys(data.metadata).forEach(function (k) {
    var tr = el('tr');
    tr.appendChild(el('th', k, 'l'));
    tr.appendChild(el('td', data.metadata[k], 'l'));
    meta.appendChild(tr);
  });

  document.body.dataset.charts = String(charts);
  // layout figures for tests and reviewers: plot heights, series, log axes, overflow of legends and labels
  var layout = { charts: {}, table: {} };
  document.querySelectorAll('.chart canvas').forEach(function (c) {
    var chart = Chart.getChart(c);
    if (!chart) return;
    var card = c.parentElement.getBoundingClientRect(), box = c.getBoundingClientRect();
    var a = chart.chartArea;
    layout.charts[c.id] = {
      plotHeight: a.bottom - a.top, plotWidth: a.right - a.left,
      legendHeight: chart.legend ? chart.legend.height : 0,
      series: chart.data.datasets.filter(function (d) { return d.data.length; }).length,
      logY: chart.scales.y && chart.scales.y.type === 'logarithmic',
      xMax: chart.scales.x.max, dataXMax: chart.data.datasets.reduce(function (m, d) { return d.data.reduce(function (n, p) { return p.x > n ? p.x : n; }, m); }, -Infinity),
      overflow: box.left < card.left - 0.5 || box.right > card.right + 0.5 || box.top < card.top - 0.5 || box.bottom > card.bottom + 0.5
    };
  });
  var verdictCells = Array.prototype.slice.call(document.querySelectorAll('#steps td.verdict .badge'));
  var rows = Array.prototype.slice.call(document.querySelectorAll('#steps tr'));
  layout.table = { height: table.getBoundingClientRect().height, rows: rows.length,
                   maxRowHeight: rows.reduce(function (m, r) { return Math.max(m, r.getBoundingClientRect().height); }, 0),
                   maxVerdictHeight: verdictCells.reduce(function (m, c) { return Math.max(m, c.getBoundingClientRect().height); }, 0) };
  layout.summaryTop = summary.getBoundingClientRect().top;
  layout.firstChartTop = document.querySelector('.chart').getBoundingClientRect().top;
  document.body.dataset.layout = JSON.stringify(layout);
})();
