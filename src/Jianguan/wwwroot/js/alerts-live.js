// The alerts page without reload: new red alerts in the reader's scope arrive over server-sent events
// (GET /api/alerts/stream) and are listed above the table. Progressive enhancement: the page works without it.
(function () {
    'use strict';

    var box = document.getElementById('live-alerts');
    if (!box || typeof EventSource === 'undefined') { return; }
    var list = box.querySelector('ul');
    var source = new EventSource(box.getAttribute('data-stream'));

    source.addEventListener('red-alert', function (e) {
        var a;
        try { a = JSON.parse(e.data); } catch (err) { return; }
        var li = document.createElement('li');
        var link = document.createElement('a');
        link.href = a.url;
        link.textContent = a.rule;
        li.appendChild(document.createTextNode('新的' + a.level + '预警：'));
        li.appendChild(link);
        var where = [a.section, a.project, a.department].filter(function (x) { return x; }).join(' · ');
        if (where) { li.appendChild(document.createTextNode('（' + where + '）')); }
        li.setAttribute('data-alert-id', a.id);
        list.insertBefore(li, list.firstChild);
        box.hidden = false;
        var count = box.querySelector('[data-live-count]');
        if (count) { count.textContent = String(list.children.length); }
    });
})();
