// Charts of the analysis pages (issue 15). Each <div class="chart" data-chart="…"> holds its own specification:
// labels, series and, per label, the link a click opens (drill-down to the sections behind a bar or point).
// No inline script (CSP): the pages load this file and /lib/echarts.min.js, restored from npm at build time.
(function () {
    'use strict';

    var palette = ['#1f5fa8', '#d9822b', '#3b8c5a', '#b23b3b', '#7a5ca8', '#5a8fa8', '#a88a3b', '#666666'];

    function option(spec) {
        var unit = spec.unit ? spec.unit : '';
        // Tooltips drawn on the canvas (richText): the HTML ones carry style attributes, which the CSP refuses.
        var tooltip = {
            renderMode: 'richText',
            trigger: spec.type === 'pie' ? 'item' : 'axis',
            valueFormatter: function (v) { return v === null || v === undefined ? '—' : v + (unit === '%' ? '%' : unit ? ' ' + unit : ''); }
        };
        var base = {
            color: palette,
            textStyle: { fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif' },
            tooltip: tooltip,
            legend: { show: spec.series.length > 1 || spec.type === 'pie', type: 'scroll', bottom: 0 },
            animation: false
        };
        if (spec.type === 'pie') {
            base.series = [{
                type: 'pie', radius: ['35%', '65%'], name: spec.series[0].name,
                data: spec.labels.map(function (label, i) { return { name: label, value: spec.series[0].values[i] }; }),
                label: { formatter: '{b}\n{d}%' }
            }];
            return base;
        }
        base.grid = { left: 56, right: 24, top: 24, bottom: spec.labels.length > 6 ? 96 : 56 };
        base.xAxis = { type: 'category', data: spec.labels, axisLabel: { rotate: spec.labels.length > 6 ? 35 : 0, interval: 0, hideOverlap: true } };
        base.yAxis = { type: 'value', name: unit, axisLabel: { formatter: unit === '%' ? '{value}%' : '{value}' } };
        base.series = spec.series.map(function (s) {
            return { type: spec.type, name: s.name, data: s.values, connectNulls: true, symbolSize: 8, barMaxWidth: 36 };
        });
        return base;
    }

    function draw(element) {
        var spec;
        try {
            spec = JSON.parse(element.getAttribute('data-chart'));
        } catch (e) {
            return;
        }
        if (!spec.labels || spec.labels.length === 0) {
            element.classList.add('chart-empty');
            element.textContent = '所选范围内没有数据。';
            element.setAttribute('data-rendered', 'empty');
            return;
        }
        var chart = window.echarts.init(element, null, { renderer: 'canvas' });
        chart.setOption(option(spec));
        chart.on('click', function (params) {
            var link = spec.links && spec.links[params.dataIndex];
            if (link) {
                window.location.href = link;
            }
        });
        window.addEventListener('resize', function () { chart.resize(); });
        element.setAttribute('data-rendered', 'true');
    }

    function start() {
        if (!window.echarts) {
            return;
        }
        Array.prototype.forEach.call(document.querySelectorAll('.chart[data-chart]'), draw);
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}());
