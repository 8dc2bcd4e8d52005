// Progressive enhancement only: every page works without this file.
(function () {
    'use strict';

    function formatSize(bytes) {
        if (bytes >= 1024 * 1024) { return (bytes / 1024 / 1024).toFixed(1) + ' MB'; }
        if (bytes >= 1024) { return (bytes / 1024).toFixed(1) + ' KB'; }
        return bytes + ' B';
    }

    // Upload form: list the chosen files, warn before sending more than the server accepts, show progress state.
    function setUpUpload(form) {
        var input = form.querySelector('input[type=file]');
        var list = form.querySelector('[data-file-list]');
        var max = Number(input && input.getAttribute('data-max-bytes')) || 0;
        if (input && list) {
            input.addEventListener('change', function () {
                list.textContent = '';
                var total = 0;
                Array.prototype.forEach.call(input.files, function (file) {
                    total += file.size;
                    var li = document.createElement('li');
                    li.textContent = file.name + '（' + formatSize(file.size) + '）';
                    list.appendChild(li);
                });
                if (max && total > max) {
                    var warn = document.createElement('li');
                    warn.className = 'too-big';
                    warn.textContent = '文件总大小 ' + formatSize(total) + ' 超过上限 ' + formatSize(max) + '，请分批上传。';
                    list.appendChild(warn);
                }
            });
        }
        form.addEventListener('submit', function () {
            var button = form.querySelector('button[type=submit]');
            if (button && button.getAttribute('data-busy-text')) {
                // Disabled after the submit event so the button's own value is still sent.
                window.setTimeout(function () {
                    button.disabled = true;
                    button.textContent = button.getAttribute('data-busy-text');
                }, 0);
            }
        });
    }

    // Fingerprint table: hovering a value outlines every cell of the same field with the same value.
    function setUpFingerprints(table) {
        function mark(cell, on) {
            var key = cell.getAttribute('data-fp');
            var value = cell.getAttribute('data-value');
            table.querySelectorAll('td[data-fp]').forEach(function (other) {
                if (other.getAttribute('data-fp') === key && other.getAttribute('data-value') === value) {
                    other.classList.toggle('fp-hover', on);
                }
            });
        }
        table.addEventListener('mouseover', function (e) {
            var cell = e.target.closest('td[data-fp]');
            if (cell) { mark(cell, true); }
        });
        table.addEventListener('mouseout', function (e) {
            var cell = e.target.closest('td[data-fp]');
            if (cell) { mark(cell, false); }
        });
    }

    document.addEventListener('DOMContentLoaded', function () {
        document.querySelectorAll('#import-form').forEach(setUpUpload);
        document.querySelectorAll('table.fingerprints').forEach(setUpFingerprints);
        document.querySelectorAll('[data-print]').forEach(function (button) {
            button.addEventListener('click', function () { window.print(); });
        });
    });
}());
