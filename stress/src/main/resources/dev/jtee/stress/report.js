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

  document.getElementById('subtitle').textContent = 'target: ' + data.target + ' · ' + steps.length + ' steps · started ' + (data.metadata.started || '');
  var verdict = knee ? knee.verdict : (steps.length ? steps.map(function (s) { return 'step ' + s.index + ': ' + s.model + ' → ' + fmtRate(s.achieved) + ', p99 ' + fmtLatency(s.corrected.p99); }).join(' · ') : 'no steps');
  document.getElementById('verdict').textContent = verdict;
  if (knee && knee.usl) {
    var u = knee.usl;
    document.getElementById('usl').textContent = 'USL fit of the closed steps: λ = ' + fmtRate(u.lambda) + ' per caller, σ = ' + u.sigma.toFixed(4)
      + ', κ = ' + u.kappa.toExponential(3) + ', R² = ' + u.rSquared.toFixed(3) + ' — max concurrency '
      + (u.maxConcurrency == null ? 'unbounded' : u.maxConcurrency.toFixed(1)) + ', max throughput ' + fmtRate(u.maxThroughput);
  } else if (knee) {
    document.getElementById('usl').textContent = 'no USL fit: ' + (knee.uslNote || '');
  }

  // log axes in ms: label the powers of ten only, as latencies
  function logMsTicks(v) {
    var e = Math.log10(v);
    return Math.abs(e - Math.round(e)) < 1e-9 ? fmtLatency(v * 1e6) : '';
  }
  function rateTicks(v) { return fmtRate(v).replace('/s', ''); }
  var charts = 0;
  function make(id, config) { new Chart(document.getElementById(id), config); charts++; }

  // 1. percentile spectrum: x = 1/(1-p), log scale, labelled as percentiles
  var spectrumSets = [];
  steps.forEach(function (s, i) {
    if (!s.spectrum.length) return;
    spectrumSets.push({
      label: 'step ' + s.index + ' (' + (s.callers != null ? s.load : fmtRate(s.offered)) + ')' + (s.index === kneeIndex ? ' knee' : ''),
      data: s.spectrum.map(function (p) { return { x: 1 / (1 - p[0] / 100), y: Math.max(1e-4, ms(p[1])) }; }),
      borderColor: colour(i), backgroundColor: colour(i), showLine: true, pointRadius: 0,
      borderWidth: s.index === kneeIndex ? 3 : 1.2
    });
  });
  var kneeStep = steps.find(function (s) { return s.index === kneeIndex; });
  if (kneeStep && kneeStep.spectrumUncorrected.length) {
    spectrumSets.push({
      label: 'step ' + kneeStep.index + ' uncorrected',
      data: kneeStep.spectrumUncorrected.map(function (p) { return { x: 1 / (1 - p[0] / 100), y: Math.max(1e-4, ms(p[1])) }; }),
      borderColor: '#000', borderDash: [4, 3], showLine: true, pointRadius: 0, borderWidth: 1.5
    });
  }
  var pctLabels = { 1: '0%', 2: '50%', 10: '90%', 100: '99%', 1000: '99.9%', 10000: '99.99%', 100000: '99.999%', 1000000: '99.9999%' };
  make('chart-spectrum', {
    type: 'scatter', data: { datasets: spectrumSets },
    options: {
      plugins: { title: { display: true, text: 'Latency by percentile (corrected)' }, legend: { labels: { boxWidth: 10 } } },
      scales: {
        x: { type: 'logarithmic', min: 1, title: { display: true, text: 'percentile' },
             ticks: { callback: function (v) { return pctLabels[v] || ''; }, autoSkip: false } },
        y: { type: 'logarithmic', title: { display: true, text: 'latency' }, ticks: { callback: logMsTicks } }
      }
    }
  });

  // 2. throughput vs latency, knee marked
  var openPts = [], closedPts = [], kneePts = [];
  steps.forEach(function (s) {
    var p50 = { x: s.achieved, y: Math.max(1e-4, ms(s.corrected.p50)), step: s };
    var p99 = { x: s.achieved, y: Math.max(1e-4, ms(s.corrected.p99)), step: s };
    (s.phase === 'closed' || s.callers != null ? closedPts : openPts).push(p99);
    if (s.index === kneeIndex) kneePts.push(p99);
  });
  make('chart-throughput-latency', {
    type: 'scatter',
    data: { datasets: [
      { label: 'open steps: p99', data: openPts.sort(function (a, b) { return a.x - b.x; }), borderColor: colour(0), backgroundColor: colour(0), showLine: true },
      { label: 'closed steps: p99', data: closedPts.sort(function (a, b) { return a.x - b.x; }), borderColor: colour(2), backgroundColor: colour(2), showLine: true },
      { label: 'knee', data: kneePts, borderColor: '#cf222e', backgroundColor: '#cf222e', pointStyle: 'star', pointRadius: 12, pointBorderWidth: 3 }
    ] },
    options: {
      plugins: {
        title: { display: true, text: 'Throughput vs latency (corrected p99)' },
        tooltip: { callbacks: { label: function (c) { var s = c.raw.step; return s ? 'step ' + s.index + ' ' + (s.callers != null ? s.load : 'offered ' + fmtRate(s.offered)) + ': ' + fmtRate(s.achieved) + ', p99 ' + fmtLatency(s.corrected.p99) : ''; } } }
      },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'achieved (calls/s)' }, ticks: { callback: rateTicks } },
        y: { type: 'logarithmic', title: { display: true, text: 'p99 latency' }, ticks: { callback: logMsTicks } }
      }
    }
  });

  // time series over all steps
  var series = { t: [], p50: [], p99: [], max: [], thr: [], inCall: [], inFlight: [], limit: [], queued: [] };
  steps.forEach(function (s) {
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
  var kneeSpan = null;
  if (kneeStep && kneeStep.intervals.length) {
    kneeSpan = [kneeStep.intervals[0].t, kneeStep.intervals[kneeStep.intervals.length - 1].t];
  }
  function kneeLine(axis, top) {
    if (!kneeSpan) return [];
    var mid = (kneeSpan[0] + kneeSpan[1]) / 2;
    return [{ label: 'knee (step ' + kneeIndex + ')', data: [{ x: mid, y: axis === 'log' ? 1e-3 : 0 }, { x: mid, y: top }],
              borderColor: '#cf222e', borderDash: [6, 4], borderWidth: 2, pointRadius: 0, showLine: true, yAxisID: 'y' }];
  }
  function maxOf(arr) { return arr.reduce(function (m, p) { return p.y != null && p.y > m ? p.y : m; }, 0); }
  var lineOpts = { showLine: true, pointRadius: 0, borderWidth: 1.5, spanGaps: true };
  make('chart-over-time', {
    type: 'scatter',
    data: { datasets: [
      Object.assign({ label: 'p50', data: series.p50, borderColor: colour(0), yAxisID: 'y' }, lineOpts),
      Object.assign({ label: 'p99', data: series.p99, borderColor: colour(1), yAxisID: 'y' }, lineOpts),
      Object.assign({ label: 'max', data: series.max, borderColor: colour(7), yAxisID: 'y' }, lineOpts),
      Object.assign({ label: 'throughput', data: series.thr, borderColor: colour(2), yAxisID: 'y2', borderDash: [3, 2] }, lineOpts)
    ].concat(kneeLine('log', Math.max(1, maxOf(series.max)))) },
    options: {
      plugins: { title: { display: true, text: 'Percentiles (corrected) and throughput over time' } },
      scales: {
        x: { type: 'linear', title: { display: true, text: 'time (s)' } },
        y: { type: 'logarithmic', title: { display: true, text: 'latency' }, ticks: { callback: logMsTicks } },
        y2: { type: 'linear', position: 'right', title: { display: true, text: 'calls/s' }, grid: { drawOnChartArea: false }, beginAtZero: true,
              ticks: { callback: rateTicks } }
      }
    }
  });

  var hasFlow = series.limit.some(function (p) { return p.y != null; });
  var flowSets = [Object.assign({ label: 'generator: calls in progress', data: series.inCall, borderColor: colour(3) }, lineOpts)];
  if (hasFlow) {
    flowSets.push(Object.assign({ label: 'in flight (secure world)', data: series.inFlight, borderColor: colour(0) }, lineOpts));
    flowSets.push(Object.assign({ label: 'limit', data: series.limit, borderColor: colour(1), borderDash: [5, 3] }, lineOpts));
    flowSets.push(Object.assign({ label: 'queue depth', data: series.queued, borderColor: colour(4) }, lineOpts));
  }
  var flowTop = Math.max(1, maxOf(series.inCall), maxOf(series.limit), maxOf(series.queued), maxOf(series.inFlight));
  make('chart-flow', {
    type: 'scatter', data: { datasets: flowSets.concat(kneeLine('lin', flowTop)) },
    options: {
      plugins: { title: { display: true, text: hasFlow ? 'In flight, limit and queue depth over time' : 'Calls in progress over time (no flow control stats)' } },
      scales: { x: { type: 'linear', title: { display: true, text: 'time (s)' } }, y: { beginAtZero: true, title: { display: true, text: 'calls' } } }
    }
  });

  if (knee && knee.usl) {
    make('chart-usl', {
      type: 'scatter',
      data: { datasets: [
        { label: 'closed steps', data: knee.usl.points.map(function (p) { return { x: p[0], y: p[1] }; }), borderColor: colour(2), backgroundColor: colour(2), pointRadius: 5 },
        Object.assign({ label: 'USL fit', data: knee.usl.curve.map(function (p) { return { x: p[0], y: p[1] }; }), borderColor: colour(1) }, lineOpts)
      ] },
      options: {
        plugins: { title: { display: true, text: 'Universal Scalability Law: throughput vs concurrency' } },
        scales: { x: { type: 'linear', title: { display: true, text: 'callers' } }, y: { beginAtZero: true, title: { display: true, text: 'calls/s' }, ticks: { callback: rateTicks } } }
      }
    });
  } else {
    document.getElementById('usl-box').remove();
  }

  // step table
  var table = document.getElementById('steps');
  var head = el('tr');
  ['step', 'model', 'load', 'offered', 'achieved', 'missed', 'p50', 'p90', 'p99', 'p99.9', 'max', 'uncorr. p99', 'late p99', 'Little L', 'results', 'verdict']
    .forEach(function (h, i) { head.appendChild(el('th', h, i >= 14 ? 'l' : null)); });
  table.appendChild(head);
  var notes = document.getElementById('notes');
  steps.forEach(function (s) {
    var tr = el('tr');
    if (s.index === kneeIndex) tr.className = 'knee'; else if (s.saturated) tr.className = 'sat';
    var results = s.outcomes.map(function (o) { return o.result + (o.origin && o.result !== 'TEE_SUCCESS' ? ' / ' + o.origin : '') + ': ' + o.count; }).join(', ');
    var l = s.littlesLaw;
    [s.index, s.phase, s.load, s.offered > 0 ? fmtRate(s.offered) : '—', fmtRate(s.achieved), s.missed,
     fmtLatency(s.corrected.p50), fmtLatency(s.corrected.p90), fmtLatency(s.corrected.p99), fmtLatency(s.corrected.p999), fmtLatency(s.corrected.max),
     fmtLatency(s.uncorrected.p99), fmtLatency(s.lateness.p99),
     l.sampledInProgress.toFixed(2) + ' / ' + l.throughputTimesLatency.toFixed(2) + (l.consistent ? ' ✓' : ' ✗')]
      .forEach(function (v) { tr.appendChild(el('td', String(v))); });
    tr.appendChild(el('td', results || 'none', 'l'));
    tr.appendChild(el('td', s.index === kneeIndex ? 'knee' : s.saturated ? 'saturated: ' + s.saturationReasons.join('; ') : 'sustained', 'l'));
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
})();
