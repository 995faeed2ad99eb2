// In-app navigation of the demo: a click on a link to another demo deal replaces the page content
// and pushes the new URL, without a page load (as Pipedrive's single-page app does).
(function () {
  var pages = window.__demoPages;
  function show(path) {
    var parsed = new DOMParser().parseFromString(pages[path], 'text/html');
    document.title = parsed.title;
    document.body.replaceWith(document.importNode(parsed.body, true));
  }
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link) return;
    var url = new URL(link.getAttribute('href'), location.href);
    if (url.origin !== location.origin || !pages[url.pathname]) return;
    event.preventDefault();
    history.pushState({}, '', url.pathname);
    show(url.pathname);
  });
  window.addEventListener('popstate', function () {
    if (pages[location.pathname]) show(location.pathname);
  });
  window.__demoNavigate = function (path) {
    history.pushState({}, '', path);
    show(path);
  };
})();
