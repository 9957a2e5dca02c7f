/*
 * The live part of the citizen portal's application page: GET /v1/applications/:id/events (Server-Sent Events).
 */
(function () {
  'use strict';
  var S = window.Simpul;

  /**
   * Follows the application's Server-Sent Events with fetch() (EventSource cannot send the token), re-reading the view
   * on each event; after a dropped connection it resumes from the last event id it saw (Last-Event-ID), as the
   * server's `retry:` asks. Hand-written (a few lines): the maintained SSE clients for fetch do not fit a no-build page.
   */
  function follow(id, onEvent) {
    var controller = new AbortController();
    var lastId = null;
    var stopped = false;
    function connect() {
      if (stopped) return;
      S.ready.then(function (a) { return a.accessToken(); }).then(function (token) {
        var headers = { Accept: 'text/event-stream', Authorization: 'Bearer ' + token };
        if (lastId) headers['Last-Event-ID'] = lastId;
        return fetch(S.apiBase() + '/v1/applications/' + id + '/events', { headers: headers, signal: controller.signal });
      }).then(function (res) {
        if (!res.ok) throw new Error('stream ' + res.status);
        var reader = res.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        var event = {};
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) return 'closed';
            buffer += decoder.decode(chunk.value, { stream: true });
            var lines = buffer.split('\n');
            buffer = lines.pop();
            var ended = false;
            lines.forEach(function (line) {
              if (line === '') {
                if (event.id) lastId = event.id;
                if (event.type === 'end') ended = true;
                if (event.data !== undefined) onEvent();
                event = {};
              } else if (line.indexOf('id:') === 0) event.id = line.slice(3).trim();
              else if (line.indexOf('event:') === 0) event.type = line.slice(6).trim();
              else if (line.indexOf('data:') === 0) event.data = (event.data || '') + line.slice(5).trim();
            });
            return ended ? 'ended' : pump();
          });
        }
        return pump();
      }).then(function (how) {
        if (how !== 'ended') setTimeout(connect, 2000);
      }).catch(function () {
        if (!stopped) setTimeout(connect, 2000);
      });
    }
    connect();
    return { close: function () { stopped = true; controller.abort(); } };
  }

  window.SimpulLive = { follow: follow };
})();
