/*
 * Code annotations: Material adds an empty link to each annotation marker
 * (a.md-annotation__index); name it, so screen readers announce it (axe:
 * link-name). Markers are drawn after load and after instant navigation.
 */
(() => {
  function nameMarkers() {
    for (const link of document.querySelectorAll("a.md-annotation__index:not([aria-label])")) {
      const number = link.querySelector("[data-md-annotation-id]")?.dataset.mdAnnotationId;
      link.setAttribute("aria-label", `Annotation ${number ?? ""}`.trim());
    }
  }
  new MutationObserver(nameMarkers).observe(document.body, { childList: true, subtree: true });
  nameMarkers();
})();
