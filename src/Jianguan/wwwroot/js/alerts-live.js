// The alerts page without reload: new red alerts in the reader's scope arrive over server-sent events
// (GET /api/alerts/stream) and are listed above the table. Progressive enhancement: the page works without it.
//
// One stream per browser and account, not one per tab. Over HTTP/1.1 a browser keeps at most six connections to a
// site, and an open stream holds one for as long as its tab stays open: six /Alerts tabs left every further page of
// the site waiting for a connection (its document, styles and scripts queued, the tab never finishing loading). So the
// account's /Alerts tabs elect one of them with a Web Lock; that tab opens the stream and hands each alert to the
// others over a BroadcastChannel. When it closes or leaves the page, the lock passes to another tab, which opens the
// stream after the newest alert the tabs have seen. Without Web Locks (they need a secure context, which plain HTTP
// to a host other than localhost is not) a tab holds its own stream, and only while it is visible.
(function () {
    'use strict';

    var box = document.getElementById('live-alerts');
    if (!box || typeof EventSource === 'undefined') { return; }
    var list = box.querySelector('ul');
    var stream = box.getAttribute('data-stream');
    // Alerts up to this id were in the list below when the page was made.
    var after = parseInt(box.getAttribute('data-after'), 10) || 0;
    // The newest alert id this tab knows of: where a stream it opens starts.
    var newest = after;
    var name = 'jianguan-alert-stream-' + box.getAttribute('data-channel');
    var listed = {};

    function show(a) {
        if (!a || typeof a.id !== 'number') { return; }
        if (a.id > newest) { newest = a.id; }
        if (a.id <= after || listed[a.id]) { return; }
        listed[a.id] = true;
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
    }

    // A stream from the newest alert known; each alert is shown here and given to pass.
    function open(pass) {
        var source = new EventSource(stream + '?after=' + newest);
        source.addEventListener('red-alert', function (e) {
            var a;
            try { a = JSON.parse(e.data); } catch (err) { return; }
            show(a);
            pass(a);
        });
        return source;
    }

    var channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(name) : null;
    if (channel && navigator.locks && typeof navigator.locks.request === 'function') {
        channel.onmessage = function (e) { show(e.data); };
        var asked = false;
        var lead = function () {
            if (asked) { return; }
            asked = true;
            // Granted when no other tab of the account holds the stream; held until this page goes away.
            navigator.locks.request(name, function () {
                return new Promise(function (release) {
                    var source = open(function (a) { channel.postMessage(a); });
                    window.addEventListener('pagehide', function () {
                        source.close();
                        asked = false;
                        release();
                    }, { once: true });
                });
            });
        };
        lead();
        // Back from the browser's back-forward cache: take part in the election again.
        window.addEventListener('pageshow', function (e) { if (e.persisted) { lead(); } });
        return;
    }

    var own = null;
    function follow() {
        var visible = document.visibilityState !== 'hidden';
        if (visible && !own) {
            own = open(function () { });
        } else if (!visible && own) {
            own.close();
            own = null;
        }
    }
    document.addEventListener('visibilitychange', follow);
    window.addEventListener('pageshow', follow);
    window.addEventListener('pagehide', function () {
        if (own) {
            own.close();
            own = null;
        }
    });
    follow();
})();
